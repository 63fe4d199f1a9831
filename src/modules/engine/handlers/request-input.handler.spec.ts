import type { NodeContext } from '../engine.types';
import { RequestInputHandler } from './request-input.handler';
import { TemplateHandler } from './template.handler';

function ctx(
  data: Record<string, unknown>,
  inputs: Record<string, unknown>,
  runInputs: Record<string, unknown> = {},
) {
  const context: NodeContext = {
    node: { id: 'n', type: 'request-input', data },
    inputs,
    runInputs,
    signal: new AbortController().signal,
    services: {
      reportProviderRequestId: jest.fn(),
      reportUsage: jest.fn(),
      priorSubmission: () => undefined,
      reportSubmission: jest.fn(),
    },
  };
  return context;
}

describe('RequestInputHandler', () => {
  it('outputs one handle per field, media fields as MediaRefs', async () => {
    const fields = [
      { name: 'prompt', type: 'text' },
      { name: 'photo', type: 'image' },
      { name: 'steps', type: 'number', default: 4 },
    ];
    const outputs = await new RequestInputHandler().run(
      ctx({ fields }, {}, { prompt: 'a cat', photo: 'https://m.example/p.png', extra: 'ignored' }),
    );
    expect(outputs).toEqual({
      prompt: 'a cat',
      photo: { kind: 'image', url: 'https://m.example/p.png' },
      steps: 4,
    });
  });
});

describe('TemplateHandler', () => {
  it('renders placeholders from connected inputs, media as URLs', async () => {
    const outputs = await new TemplateHandler().run(
      ctx(
        { template: 'Draw {{subject}} like {{ref}}' },
        { subject: 'a cat', ref: { kind: 'image', url: 'https://m/x.png' } },
      ),
    );
    expect(outputs).toEqual({ text: 'Draw a cat like https://m/x.png' });
  });
});

describe('TemplateHandler output limit', () => {
  it('refuses a text over the limit before building it', async () => {
    const render = jest.spyOn(String.prototype, 'replace');
    const handler = new TemplateHandler(1024 * 1024);
    await expect(
      handler.run(ctx({ template: '{{p}}'.repeat(100_000) }, { p: 'x'.repeat(5000) })),
    ).rejects.toThrow("the node's output would be larger than 1048576 bytes (MAX_NODE_OUTPUT_BYTES)");
    expect(render).not.toHaveBeenCalled();
    render.mockRestore();
  });

  it('builds a text of exactly the limit', async () => {
    const outputs = await new TemplateHandler(8).run(ctx({ template: '{{p}}{{p}}' }, { p: '✓a' }));
    expect(outputs).toEqual({ text: '✓a✓a' });
    await expect(new TemplateHandler(7).run(ctx({ template: '{{p}}{{p}}' }, { p: '✓a' }))).rejects.toThrow(
      /larger than 7 bytes/,
    );
  });
});
