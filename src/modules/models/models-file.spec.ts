import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModelsFile, ModelsFileError } from './models-file';

const good = {
  id: 'gpt-mini',
  name: 'GPT mini',
  kind: 'text',
  provider: 'openai-compatible',
  minTier: 'pro',
  supportsAsync: false,
  pricing: { unit: 'call', credits: 2 },
  inputs: [{ name: 'prompt', type: 'text', required: true }],
  params: [{ name: 'temperature', type: 'number', min: 0, max: 2, default: 1 }],
  settings: { baseUrl: 'https://api.example.com/v1', apiKeyEnv: 'EXAMPLE_KEY' },
};

describe('loadModelsFile', () => {
  let dir: string;
  const write = async (content: unknown) => {
    const path = join(dir, 'models.json');
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'flowgate-models-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('loads valid entries, enabled by default, settings kept', async () => {
    const [entry] = loadModelsFile(await write([good]));
    expect(entry).toEqual({ ...good, enabled: true });
  });

  it('keeps an explicit enabled: false', async () => {
    expect(loadModelsFile(await write([{ ...good, enabled: false }]))[0].enabled).toBe(false);
  });

  it('names a missing file', () => {
    expect(() => loadModelsFile(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot be read/);
  });

  it('names bad JSON', async () => {
    const path = await write('[{');
    expect(() => loadModelsFile(path)).toThrow(ModelsFileError);
    expect(() => loadModelsFile(path)).toThrow(/is not valid JSON/);
  });

  it('requires an array', async () => {
    const path = await write({ models: [] });
    expect(() => loadModelsFile(path)).toThrow(/must be a JSON array/);
  });

  it.each([
    [{ ...good, id: 'Bad Id' }, 'entry 0 (id "Bad Id"): field "id" must be a slug'],
    [{ ...good, kind: 'music' }, 'field "kind" must be one of image, video, audio, text'],
    [{ ...good, minTier: 'gold' }, 'field "minTier" must be one of free, pro, business, enterprise'],
    [{ ...good, supportsAsync: 'yes' }, 'field "supportsAsync" must be true or false'],
    [
      { ...good, pricing: { unit: 'token', credits: 1 } },
      'field "pricing.unit" must be one of call, image, second',
    ],
    [{ ...good, pricing: { unit: 'call', credits: -1 } }, 'field "pricing.credits" must be a number ≥ 0'],
    [{ ...good, pricing: undefined }, 'field "pricing" must be an object'],
    [{ ...good, inputs: 'prompt' }, 'field "inputs" must be an array'],
    [{ ...good, inputs: [{ name: 'prompt', type: 'words' }] }, 'field "inputs[0].type" must be one of'],
    [
      { ...good, params: [{ name: 'n', type: 'integer', min: 5, max: 1 }] },
      'field "params[0].min" must not exceed max',
    ],
    [
      { ...good, params: [{ name: 'n', type: 'integer', default: 1.5 }] },
      'field "params[0].default" does not fit',
    ],
    [
      {
        ...good,
        params: [
          { name: 'n', type: 'integer' },
          { name: 'n', type: 'integer' },
        ],
      },
      'field "params[1].name" repeats "n"',
    ],
    [{ ...good, name: undefined }, 'field "name" must be a non-empty string'],
    ['not an object', 'entry 0: must be an object'],
  ])('refuses a bad entry %#', async (entry, message) => {
    const path = await write([entry]);
    expect(() => loadModelsFile(path)).toThrow(message);
  });

  it('names the index of the bad entry and refuses duplicate ids', async () => {
    const bad = await write([good, { ...good, id: 'other', kind: 'x' }]);
    expect(() => loadModelsFile(bad)).toThrow(/entry 1 \(id "other"\): field "kind"/);
    const dup = await write([good, good]);
    expect(() => loadModelsFile(dup)).toThrow(/entry 1 \(id "gpt-mini"\): duplicate id/);
  });
});
