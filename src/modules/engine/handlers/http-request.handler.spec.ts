import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { TargetRefusedError } from '../../../common/net/net.types';
import type { NodeType, WorkflowGraph } from '../../workflows/workflow.types';
import type { NodeContext, NodeHandler, NodeHandlers } from '../engine.types';
import { StepError } from '../step-error';
import { runWorkflow } from '../workflow-runner';
import { HttpRequestHandler } from './http-request.handler';
import { RequestInputHandler } from './request-input.handler';
import { ResponseOutputHandler } from './response-output.handler';

const OPEN = { allowPrivate: true, allowHttp: true };

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('HttpRequestHandler', () => {
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await readBody(req);
      if (req.url === '/not-json') {
        res.setHeader('Content-Type', 'application/json');
        res.end('<html>');
      } else if (req.url === '/plain') {
        res.statusCode = 404;
        res.setHeader('X-Upstream', 'yes');
        res.end('not here');
      } else if (req.url === '/big') {
        res.end('b'.repeat(4096));
      } else if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 500);
      } else {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function call(
    data: Record<string, unknown>,
    inputs: Record<string, unknown> = {},
    policy = OPEN,
    maxOutputBytes?: number,
  ) {
    const ctx: NodeContext = {
      node: { id: 'call', type: 'http-request', data },
      inputs,
      runInputs: {},
      signal: new AbortController().signal,
      services: {
        reportProviderRequestId: jest.fn(),
        reportUsage: jest.fn(),
        priorSubmission: () => undefined,
        reportSubmission: jest.fn(),
      },
    };
    return new HttpRequestHandler(policy, maxOutputBytes).run(ctx) as Promise<{
      response: { status: number; headers: Record<string, string>; body: unknown };
    }>;
  }

  it('renders url and headers, and parses a json response', async () => {
    const { response } = await call(
      {
        method: 'GET',
        url: `${origin}/echo?q={{q}}`,
        headers: { 'X-Token': 'Bearer {{token}}' },
        responseType: 'json',
      },
      { q: 'cats', token: 'abc' },
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body).toMatchObject({
      method: 'GET',
      url: '/echo?q=cats',
      headers: { 'x-token': 'Bearer abc' },
    });
  });

  it('sends an object body as JSON with its placeholders escaped', async () => {
    const { response } = await call(
      { method: 'POST', url: `${origin}/echo`, body: { prompt: 'say {{text}}', n: 2 }, responseType: 'json' },
      { text: 'hi "there"\n' },
    );
    const echoed = response.body as { headers: Record<string, string>; body: string };
    expect(echoed.headers['content-type']).toBe('application/json');
    expect(JSON.parse(echoed.body)).toEqual({ prompt: 'say hi "there"\n', n: 2 });
  });

  it('sends a string body rendered, and a media input as its URL', async () => {
    const { response } = await call(
      { method: 'PUT', url: `${origin}/echo`, body: 'see {{pic}}', responseType: 'json' },
      { pic: { kind: 'image', url: 'https://m.example/a.png' } },
    );
    expect(response.body).toMatchObject({ method: 'PUT', body: 'see https://m.example/a.png' });
  });

  it('answers text for responseType text, whatever the status', async () => {
    const { response } = await call({ url: `${origin}/plain`, responseType: 'text' });
    expect(response).toEqual({
      status: 404,
      headers: expect.objectContaining({ 'x-upstream': 'yes' }),
      body: 'not here',
    });
  });

  it('fails when a json response does not parse', async () => {
    await expect(call({ url: `${origin}/not-json`, responseType: 'json' })).rejects.toThrow('not valid JSON');
  });

  it('reads the response body with a byte cap (MAX_NODE_OUTPUT_BYTES)', async () => {
    await expect(call({ url: `${origin}/big`, responseType: 'text' }, {}, OPEN, 4095)).rejects.toThrow(
      'response too large (over 4095 bytes)',
    );
    const { response } = await call({ url: `${origin}/big`, responseType: 'text' }, {}, OPEN, 4096);
    expect(response.body).toHaveLength(4096);
  });

  it('refuses to build a request part over the limit, before sending anything', async () => {
    await expect(
      call(
        { method: 'POST', url: `${origin}/echo`, body: '{{v}}'.repeat(1000) },
        { v: 'x'.repeat(100) },
        OPEN,
        4096,
      ),
    ).rejects.toThrow('the request body would be larger than 4096 bytes (MAX_NODE_OUTPUT_BYTES)');
  });

  it('fails on a URL the policy refuses', async () => {
    await expect(
      call({ url: `${origin}/echo` }, {}, { allowPrivate: false, allowHttp: true }),
    ).rejects.toBeInstanceOf(TargetRefusedError);
  });

  describe('in a run', () => {
    const handlers: NodeHandlers = new Map<NodeType, NodeHandler>([
      ['request-input', new RequestInputHandler()],
      ['http-request', new HttpRequestHandler({ allowPrivate: false, allowHttp: false })],
      ['response-output', new ResponseOutputHandler()],
    ]);
    const graph = (data: Record<string, unknown>): WorkflowGraph => ({
      nodes: [
        { id: 'call', type: 'http-request', data },
        { id: 'out', type: 'response-output', data: { type: 'json', name: 'out' } },
      ],
      edges: [{ id: 'e1', source: 'call', sourceHandle: 'response', target: 'out', targetHandle: 'value' }],
    });

    it('turns a refused URL into NODE_ERROR', async () => {
      const err = await runWorkflow({ graph: graph({ url: `${origin}/echo` }), inputs: {}, handlers }).catch(
        (e) => e,
      );
      expect(err).toBeInstanceOf(StepError);
      expect(err).toMatchObject({ code: 'NODE_ERROR', nodeId: 'call' });
    });

    it('turns the request timeout into NODE_ERROR', async () => {
      const open: NodeHandlers = new Map(handlers).set('http-request', new HttpRequestHandler(OPEN));
      const err = await runWorkflow({
        graph: graph({ url: `${origin}/slow`, timeoutMs: 50 }),
        inputs: {},
        handlers: open,
      }).catch((e) => e);
      expect(err).toMatchObject({
        code: 'NODE_ERROR',
        nodeId: 'call',
        message: expect.stringContaining('timed out'),
      });
    });
  });
});
