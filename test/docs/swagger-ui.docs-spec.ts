import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { DocsServer, guideExample, outputDir, startDocsServer } from './docs-server';

/** Debian's chromium (`.ci/run` installs it when missing); playwright-core never downloads a browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Expands an operation, presses "Try it out", lets `fill` set its inputs, executes it and answers the status. */
async function tryItOut(page: Page, operationId: string, fill?: (op: Locator) => Promise<void>) {
  const op = page.locator(`[id$="-${operationId}"].opblock`);
  await op.locator('.opblock-summary').first().click();
  await op.locator('button.try-out__btn').click();
  if (fill) await fill(op);
  await op.locator('button.execute').click();
  const status = op.locator('.live-responses-table tr.response .response-col_status').first();
  await status.waitFor({ timeout: 30_000 });
  return (await status.innerText()).trim();
}

/** Swagger UI at /docs in headless Chromium: authorize with a key and "Try it out" on real operations. */
describe('Swagger UI in Chromium (docs)', () => {
  let server: DocsServer;
  let profile: string;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startDocsServer();
    const res = await fetch(`${server.baseUrl}/api/workflows`, {
      method: 'POST',
      headers: { 'x-api-key': server.key, 'content-type': 'application/json' },
      body: JSON.stringify(guideExample()),
    });
    expect(res.status).toBe(201);
    profile = mkdtempSync(join(tmpdir(), 'flowgate-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await server?.stop();
  });

  it('authorizes with a key and runs GET /api/whoami and a workflow run with 200', async () => {
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });

    // Without a key the same operation is refused: the 200 below comes from the key we authorize with.
    expect(await tryItOut(page, 'getWhoami')).toBe('401');
    await page.locator('button.authorize').first().click();
    await page.locator('.modal-ux input').first().fill(server.key);
    await page.locator('.modal-ux button.authorize').click();
    await page.locator('.modal-ux button.btn-done').click();

    const whoami = page.locator('[id$="-getWhoami"].opblock');
    await whoami.locator('button.execute').click();
    await whoami
      .locator('.live-responses-table tr.response .response-col_status', { hasText: '200' })
      .waitFor({ timeout: 30_000 });

    const runStatus = await tryItOut(page, 'runWorkflow', async (op) => {
      await op.locator('tr[data-param-name="slug"] input').fill('poster');
      await op
        .locator('textarea.body-param__text')
        .fill(JSON.stringify({ inputs: { prompt: 'a lighthouse at dusk', style: 'blueprint', size: 64 } }));
    });
    expect(runStatus).toBe('200');
    const body = await page
      .locator('[id$="-runWorkflow"].opblock .live-responses-table tr.response .response-col_description pre')
      .first()
      .innerText();
    expect(body).toContain('a lighthouse at dusk, in a blueprint style');

    await page.screenshot({ path: join(outputDir('swagger-ui'), 'swagger-ui.png'), fullPage: true });
  });
});
