import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AccountsService } from '../auth/accounts/accounts.service';
import { ApiKeysService } from '../auth/keys/api-keys.service';
import { PRESETS } from '../auth/capabilities/capability.vocabulary';
import type { Principal } from '../auth/principal';
import { CreditsService } from '../billing/ledger/credits.service';
import { WorkflowsService } from '../workflows/workflows.service';
import { DEMO_IMAGE_WORKFLOW, DEMO_THUMBNAIL_WORKFLOW } from './demo-workflows';

export const DEMO_EMAIL = 'demo@flowgate.local';

const NO_ADMIN_HINT =
  'No admin account exists yet. Either restart with BOOTSTRAP_ADMIN_KEY=fg_live_<32 or more letters and digits> ' +
  "(that key becomes the first admin's), or create one with the CLI: " +
  'npm run -s cli -- accounts:create --email admin@example.com --tier enterprise --role admin --approved, then ' +
  "npm run -s cli -- keys:create --id <the printed id> --name admin --capabilities '*'";
const DEMO_CREDITS = 1000;

/**
 * First-start setup (API.md §12): the bootstrap admin from BOOTSTRAP_ADMIN_KEY, and in the embedded default a demo
 * pro account with credits, a workflow-deploy key and two demo workflows. The demo key is kept in
 * DATA_DIR/demo-credentials.json (a local development convenience) so every start can print the ready curl line.
 */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');
  /** The demo's ready curl lines, for the start banner (main.ts prints them last). Empty without the demo. */
  demoLines: string[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly keys: ApiKeysService,
    private readonly credits: CreditsService,
    private readonly workflows: WorkflowsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'worker' || !this.config.bootstrap) return;
    await this.ensureBootstrapAdmin();
    if (this.config.demoSeed) await this.ensureDemo();
  }

  private async ensureBootstrapAdmin(): Promise<void> {
    const key = this.config.bootstrapAdminKey;
    if (await this.accounts.adminExists()) return;
    if (!key) {
      // The demo is enough to try things; a deployment without it needs a way in.
      if (!this.config.demoSeed) this.logger.warn(NO_ADMIN_HINT);
      return;
    }
    const admin = await this.accounts.create({
      email: 'admin@flowgate.local',
      tier: 'enterprise',
      role: 'admin',
      approved: true,
    });
    await this.keys.issue(admin.id, 'bootstrap admin', ['*'], null, key);
    this.logger.log(`created the bootstrap admin account ${admin.id} holding BOOTSTRAP_ADMIN_KEY`);
  }

  private async ensureDemo(): Promise<void> {
    const file = join(resolve(this.config.dataDir), 'demo-credentials.json');
    let demo = await this.accounts.findByEmail(DEMO_EMAIL);
    if (!demo) {
      demo = await this.accounts.create({ email: DEMO_EMAIL, tier: 'pro', approved: true });
      await this.credits.changeBalance(demo.id, DEMO_CREDITS, 'Demo credits');
      const key = await this.keys.issue(demo.id, 'demo workflow-deploy', PRESETS['workflow-deploy']);
      const principal = { accountId: demo.id, keyId: key.id, tier: 'pro' } as Principal;
      await this.workflows.create(principal, DEMO_IMAGE_WORKFLOW);
      await this.workflows.create(principal, DEMO_THUMBNAIL_WORKFLOW);
      writeFileSync(file, JSON.stringify({ email: DEMO_EMAIL, key: key.key }, null, 2) + '\n', {
        mode: 0o600,
      });
      this.logger.log(
        `created the demo account ${DEMO_EMAIL} with ${DEMO_CREDITS} credits and two workflows`,
      );
    }
    if (existsSync(file))
      this.demoLines = await this.demoCurlLines(JSON.parse(readFileSync(file, 'utf8')).key as string);
  }

  private async demoCurlLines(key: string): Promise<string[]> {
    const base = `http://localhost:${this.config.port}`;
    const run = (slug: string, inputs: Record<string, unknown>) =>
      `  curl -s -X POST ${base}/api/workflows/${slug}/run -H 'x-api-key: ${key}' -H 'content-type: application/json' -d '${JSON.stringify({ inputs })}'`;
    // A small image inline, so the thumbnail line works offline (an image URL from a demo-image answer works too).
    const sample = await sharp({ create: { width: 512, height: 320, channels: 3, background: '#3a6ea5' } })
      .png({ palette: true, compressionLevel: 9 })
      .toBuffer();
    return [
      '',
      'Demo account ready (pro, 1000 credits). Try:',
      `  curl -s ${base}/api/whoami -H 'x-api-key: ${key}'`,
      run('demo-image', { prompt: 'a lighthouse at dusk', width: 640, height: 360 }),
      run('demo-thumbnail', { image: `data:image/png;base64,${sample.toString('base64')}` }),
    ];
  }
}
