import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { API_KEY_SECURITY } from '../../modules/auth/decorators/auth.decorators';
import { documentResponseHeaders } from './swagger-headers';
import { API_TAGS, operationIdOf } from './swagger-operations';

const DESCRIPTION = [
  'Run saved AI workflows and registry models over HTTP, synchronously or asynchronously.',
  'Authenticate with the `x-api-key` header (Authorize, above). Every error is',
  '`{ error, code, requestId, ...context }`; each status below lists its codes with an example.',
  "The project's `docs/` folder has the API reference and guides to workflows, webhooks and deployment.",
].join(' ');

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Flowgate API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    // Relative: Swagger UI calls the server it was loaded from, whatever host name reached it.
    .addServer('/', 'This server')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, API_KEY_SECURITY);
  for (const tag of API_TAGS) builder.addTag(tag.name, tag.description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: operationIdOf,
    autoTagControllers: false,
  });
  for (const operation of operations(document)) {
    // Routes without a key requirement say so, rather than leaving security undefined.
    operation.security ??= [];
    operation.parameters = uniqueHeaderParams(operation.parameters as ParameterObject[] | undefined);
  }
  nameWildcardParams(document);
  documentResponseHeaders(document);
  return document;
}

function operations(document: OpenAPIObject): OperationObject[] {
  return Object.values(document.paths).flatMap((item) => Object.values(item) as OperationObject[]);
}

/** `@Headers('if-match')` adds an undocumented twin of a documented `@ApiHeader`: keep the documented one. */
function uniqueHeaderParams(parameters: ParameterObject[] | undefined): ParameterObject[] | undefined {
  if (!parameters) return parameters;
  const documented = new Set(
    parameters.filter((p) => p.in === 'header' && p.description).map((p) => p.name.toLowerCase()),
  );
  return parameters.filter(
    (p) => p.in !== 'header' || p.description || !documented.has(p.name.toLowerCase()),
  );
}

/** Fastify's wildcard (`media/*`) comes out as a param named `*`; name it after what it holds, a media key. */
function nameWildcardParams(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    const wildcard = (Object.values(item) as OperationObject[]).some((operation) =>
      (operation.parameters as ParameterObject[] | undefined)?.some((p) => p.name === '*'),
    );
    if (!wildcard) continue;
    for (const operation of Object.values(item) as OperationObject[]) {
      for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
        if (parameter.name !== '*') continue;
        parameter.name = 'key';
        parameter.description = 'The media key, e.g. `2026/12/01/<uuid>.png` (the end of a result URL)';
      }
    }
    delete document.paths[path];
    document.paths[path.replace(/\{[^}]*\}$/, '{key}')] = item;
  }
}

/** Swagger UI at /docs, the OpenAPI 3 document at /docs-json. */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
