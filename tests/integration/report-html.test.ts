// The HTML report as a person sees it, in Debian's Chromium: the summary, a documented row with its
// verdict badge, a failure's Received/Documented and reproduce line, and that it prints.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO, result, runInline, removeSuiteDirs } from '../support/inline-run.ts';

after(removeSuiteDirs);

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

test('the HTML report reads as the API page with verdicts, offline, in Chromium', async () => {
  const run = await runInline({
    tests: [
      {
        title: 'GET /v3/{project_id}/backups › schema',
        operation: 'backup-list',
        family: 'schema',
        results: [
          result('backup-list.backups.envelope', 'pass'),
          result('backup-list.backups-id.field-type', 'fail', {
            failures: [
              {
                message: 'backups[0].id is not a string',
                received: '42 <img src=x onerror=alert(1)>',
                documented: 'string',
                reproduce: "curl -H 'X-Auth-Token: ***' http://127.0.0.1:9/v3/p/backups",
              },
            ],
          }),
        ],
      },
      {
        title: 'GET /v1/{tenant_id}/software_deployments/{deployment_id} › timestamps',
        operation: 'software-deployment-show',
        family: 'timestamps',
        results: [
          result('software-deployment-show.software-deployment-creation-time.timestamp-format', 'warn', {
            family: 'timestamps',
            reason: 'no UTC offset',
            decision: 'timestamp-zone',
          }),
        ],
      },
    ],
  });
  assert.ok(run.report, run.stdout + run.stderr);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    let dialogs = 0;
    page.on('dialog', () => dialogs++);
    await page.goto(`file://${join(run.dir, 'reports/conformance.html')}`);

    await assertText(page.locator('#verdict'), 'NON-CONFORMING');
    await assertText(page.locator('#score'), '2 / 3 · 66.7%');
    assert.match(await page.locator('#counts').innerText(), /MUST\s+1\s+1\s+1\s+0\s+0\s+8\s+0\s+66.7%/);
    assert.match(await page.title(), /Conformance report — embedded — NON-CONFORMING/);

    // The backups list page: the Response Parameters row `id` carries a FAIL badge and the failure.
    const operation = page.locator('section[data-operation="backup-list"]');
    await assertText(operation.locator('h2'), 'GET /v3/{project_id}/backups — List backups with summary');
    const row = operation.locator('tr[data-row="id"]');
    await assertText(row.locator('.badge'), 'FAIL');
    const rowText = await row.innerText();
    assert.match(rowText, /backups\[\]\.id is a string/);
    assert.match(rowText, /Received:\s*42 <img src=x onerror=alert\(1\)>/, 'hostile text shows as text');
    assert.match(rowText, /Documented:\s*string/);
    assert.match(rowText, /Reproduce:\s*curl -H 'X-Auth-Token: \*\*\*' http:\/\/127\.0\.0\.1:9\/v3\/p\/backups/);
    await assertText(operation.locator('tr[data-row="backups"] .badge'), 'PASS');
    assert.match(
      await operation.locator('tr[data-row="limit"]').innerText(),
      /SKIPPED[\s\S]*no check covers this requirement/,
    );

    // A warn cites its decision, and the decision lists its evidence.
    const warn = page
      .locator('li[data-requirement="software-deployment-show.software-deployment-creation-time.timestamp-format"]')
      .first();
    assert.match(await warn.innerText(), /WARN[\s\S]*no UTC offset[\s\S]*decision timestamp-zone/);
    assert.match(await page.locator('#decision-timestamp-zone').innerText(), /CCYY-MM-DDThh:mm:ss±hh:mm[\s\S]*line 47/);

    // Every catalog requirement appears with its citation.
    assert.equal((await page.locator('li[data-requirement]').count()) >= run.report.requirements.length, true);

    assert.equal(dialogs, 0, 'no script ran');
    assert.deepEqual(
      requests.filter((u) => !u.startsWith('file://')),
      [],
      'nothing fetched from outside',
    );

    mkdirSync(join(REPO, '.tmp'), { recursive: true });
    await page.screenshot({ path: join(REPO, '.tmp/report-html.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10_000, 'prints to a PDF');
  } finally {
    await browser.close();
  }
});

async function assertText(locator: import('playwright-core').Locator, expected: string): Promise<void> {
  assert.equal((await locator.innerText()).trim(), expected);
}
