/** The routes to fuzz, read from the running server's OpenAPI document (/docs-json), with a sample body for each. */

export interface FuzzRoute {
  method: string;
  /** OpenAPI path, e.g. `/api/workflows/{slug}/run`. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** A body built from the request schema's examples: the starting point of mutations. */
  sampleBody?: Record<string, unknown>;
}

interface OpenApiSchema {
  $ref?: string;
  type?: string;
  example?: unknown;
  default?: unknown;
  enum?: unknown[];
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
}

interface OpenApiOperation {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, OpenApiSchema> };
}

export function routesOf(doc: OpenApiDocument): FuzzRoute[] {
  const routes: FuzzRoute[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = operation.parameters ?? [];
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      routes.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        sampleBody: schema ? (sampleOf(schema, doc, 0) as Record<string, unknown>) : undefined,
      });
    }
  }
  // Stored media is served outside /api; the document may or may not list it.
  if (!routes.some((route) => route.path.startsWith('/media/'))) {
    routes.push({ method: 'GET', path: '/media/{path}', pathParams: ['path'], queryParams: [] });
  }
  return routes;
}

function sampleOf(schema: OpenApiSchema, doc: OpenApiDocument, depth: number): unknown {
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()!;
    return sampleOf(doc.components?.schemas?.[name] ?? {}, doc, depth + 1);
  }
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  if (depth > 5) return null;
  switch (schema.type ?? (schema.properties ? 'object' : undefined)) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, child]) => [key, sampleOf(child, doc, depth + 1)]),
      );
    case 'array':
      return schema.items ? [sampleOf(schema.items, doc, depth + 1)] : [];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    default:
      return 'text';
  }
}
