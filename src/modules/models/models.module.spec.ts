import { Test } from '@nestjs/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelRegistry } from './model-registry';
import { ModelsModule } from './models.module';

describe('ModelsModule', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'flowgate-models-mod-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('provides the built-ins without a models file', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ModelsModule.register({})] }).compile();
    expect(moduleRef.get(ModelRegistry).get('sandbox-image')?.kind).toBe('image');
  });

  it('applies the models file', async () => {
    const modelsFile = join(dir, 'models.json');
    await writeFile(
      modelsFile,
      JSON.stringify([
        {
          id: 'sandbox-image',
          enabled: false,
          name: 'x',
          kind: 'image',
          provider: 'sandbox',
          minTier: 'pro',
          supportsAsync: true,
          pricing: { unit: 'image', credits: 4 },
          inputs: [],
          params: [],
        },
      ]),
    );
    const moduleRef = await Test.createTestingModule({
      imports: [ModelsModule.registerAsync({ useFactory: () => ({ modelsFile }) })],
    }).compile();
    expect(moduleRef.get(ModelRegistry).get('sandbox-image')).toBeUndefined();
  });

  it('fails to boot on a bad models file, with the reason', async () => {
    const modelsFile = join(dir, 'models.json');
    await writeFile(modelsFile, JSON.stringify([{ id: 'x' }]));
    await expect(
      Test.createTestingModule({ imports: [ModelsModule.register({ modelsFile })] }).compile(),
    ).rejects.toThrow(/entry 0 \(id "x"\): field "name"/);
  });
});
