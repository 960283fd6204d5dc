// End to end: `yardstick ui` (the built CLI) over a store filled by real runs and gateway traffic, driven in
// headless Chromium: every page, the matrix drawer by keyboard, a comparison with a regression, a trace; no
// console error, no CSP violation, model text never markup, no secret in any answer, axe finds nothing serious.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../src/testing/launch-chromium.js';
import { runCli } from './helpers/run-cli.js';
import { hostile, makeUiProject, type UiProject, upstreamSecret } from './helpers/ui-project.js';

const outputDir = fileURLToPath(new URL('../test-output/ui/', import.meta.url));

const startUi = (project: UiProject, extra: string[] = []) =>
  new Promise<{ url: string; child: ChildProcess; exited: Promise<unknown> }>((resolve, reject) => {
    let child: ChildProcess | undefined;
    const exited = runCli(['ui', '--db', project.dbPath, '--port', '0', ...extra], {
      cwd: project.cwd,
      onSpawn: (spawned) => {
        child = spawned;
        let seen = '';
        spawned.stderr?.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          const match = /yardstick ui on (http:\/\/[^\s/]+)\//.exec(seen);
          if (match?.[1] && child) resolve({ url: match[1], child, exited });
        });
      },
    });
    void exited.then((result) => reject(new Error(`yardstick ui exited: ${result.stderr}`)));
  });

describe('yardstick ui in a browser', () => {
  let project: UiProject;
  let browser: Browser;
  let ui: Awaited<ReturnType<typeof startUi>>;
  const problems: string[] = [];
  const apiBodies: string[] = [];

  beforeAll(async () => {
    project = await makeUiProject();
    ui = await startUi(project, ['--config', 'gateway.yaml', '--capture-dir', 'tests']);
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    ui?.child.kill('SIGTERM');
    await ui?.exited;
  });

  const open = async (hash: string, options: { width?: number; dark?: boolean } = {}): Promise<Page> => {
    const page = await browser.newPage({
      viewport: { width: options.width ?? 1280, height: 900 },
      colorScheme: options.dark ? 'dark' : 'light',
    });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`${hash}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${hash}: ${String(error)}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(ui.url) && !request.url().startsWith('data:')) {
        problems.push(`fetched ${request.url()}`);
      }
    });
    page.on('response', async (response) => {
      if (response.url().includes('/api/')) apiBodies.push(await response.text().catch(() => ''));
    });
    await page.goto(`${ui.url}/${hash}`);
    await page.waitForSelector('main [data-state="ready"]', { timeout: 15_000 });
    return page;
  };

  /** axe-core, run inside the page (evaluated, so the page's CSP still holds): nothing serious or critical. */
  const checkAccessibility = async (page: Page, name: string): Promise<void> => {
    await page.evaluate(axe.source);
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
        resultTypes: ['violations'],
      });
      return result.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map(
          (violation) =>
            `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
        );
    });
    expect(violations, name).toEqual([]);
  };

  const screenshot = async (page: Page, name: string): Promise<void> => {
    mkdirSync(outputDir, { recursive: true });
    const file = path.join(outputDir, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(5_000);
  };

  const injected = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: number }).__xss);

  it('lists the runs with their suite, models and pass rates, names as text', async () => {
    const page = await open('#/runs');
    // the two evals, and the run `yardstick qualify` made of the routed suite
    await expect(page.locator('#runs tbody tr').count()).resolves.toBe(3);
    const text = (await page.locator('#runs').textContent()) ?? '';
    expect(text).toContain(`faq ${hostile}`);
    expect(text).toMatch(/openai:cheap: 50\.0%/);
    await expect(page.locator('#runs img').count()).resolves.toBe(0);
    await checkAccessibility(page, 'runs');
    await screenshot(page, 'runs');
    expect(await injected(page)).toBeUndefined();
    // the theme toggle overrides the system's choice, and the choice survives a reload
    await page.getByRole('button', { name: 'switch to dark theme' }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.reload();
    await page.waitForSelector('main [data-state="ready"]');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await checkAccessibility(page, 'runs, dark by the toggle');
    await page.getByRole('button', { name: 'switch to light theme' }).click();
    await page.close();

    // at 700 px the page does not scroll sideways: only a wide table does, inside its own box
    for (const hash of [
      '#/runs',
      `#/runs/${project.secondRun}`,
      '#/traces',
      '#/spend',
      '#/routes',
      `#/routes/${project.qualifiedRoute}`,
      '#/monitors',
    ]) {
      const narrow = await open(hash, { width: 700 });
      expect(await narrow.evaluate(() => document.documentElement.scrollWidth), hash).toBeLessThanOrEqual(
        700,
      );
      await narrow.close();
    }
  }, 60_000);

  it('shows a run: the frontier agrees with the HTML report, and the drawer opens and closes by keyboard', async () => {
    const page = await open(`#/runs/${project.secondRun}?threshold=0.7`);
    await page.waitForSelector('.plot svg');
    const bold = await page.locator('.plot svg g[font-weight="bold"] text').allTextContents();
    // the HTML report of the same run names the same Pareto-optimal models
    const report = await browser.newPage();
    await report.goto(pathToFileURL(path.join(project.cwd, 'report.html')).href);
    await report.waitForSelector('body[data-rendered="true"]');
    const reportBold = await report
      .locator('#frontier-cost svg g[font-weight="bold"] text')
      .allTextContents();
    await report.close();
    expect(bold.sort()).toEqual(reportBold.sort());
    expect(bold.length).toBeGreaterThan(0);
    await expect(page.locator('#summary tbody tr').count()).resolves.toBe(3);
    expect(await page.locator('#recommendation').textContent()).toContain('Recommendation');

    // keyboard: from the hostile case's first cell, arrows move between cells; Enter opens the shaky model's
    const row = await page
      .locator('#matrix tbody tr')
      .evaluateAll(
        (rows, id) => rows.findIndex((tr) => tr.querySelector('th')?.textContent === id),
        `case-3 ${hostile}`,
      );
    await page.locator(`#matrix button[data-row="${row}"][data-column="0"]`).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowUp');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    expect(focused).toBe(`case-3 ${hostile} on openai:shaky: failed`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#drawer [data-state="ready"]');
    const drawer = (await page.locator('#drawer').textContent()) ?? '';
    expect(drawer).toContain(`I think 4 ${hostile}`);
    expect(drawer).toContain('expected output to contain');
    await expect(page.locator('#drawer img, #drawer script').count()).resolves.toBe(0);
    await checkAccessibility(page, 'run page with the drawer');
    await screenshot(page, 'run-drawer');
    await page.keyboard.press('Escape');
    await expect(page.locator('#drawer').count()).resolves.toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-column'))).toBe('1');

    // after the last case is focused, a shorter page (only failing cases) still has a cell in the tab order
    const rows = await page.locator('#matrix tbody tr').count();
    await page.locator(`#matrix button[data-row="${rows - 1}"][data-column="2"]`).focus();
    await page.getByLabel('only cases that did not always pass').check();
    await page.waitForFunction(
      (before) => document.querySelectorAll('#matrix tbody tr').length < before,
      rows,
    );
    await page.getByLabel('only cases that did not always pass').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('#matrix') !== null)).toBe(true);
    expect(await injected(page)).toBeUndefined();
    await page.close();
  }, 60_000);

  it('compares the two runs of the regressed model: the gate fails as `yardstick compare` says, regressed first', async () => {
    const baseline = `${project.firstRun}@openai:shaky`;
    const candidate = `${project.secondRun}@openai:shaky`;
    const cli = await runCli(['compare', baseline, candidate, '--max-drop', '0.02', '-o', 'compare.json'], {
      cwd: project.cwd,
    });
    expect(cli.code).toBe(1);
    const expected = JSON.parse(readFileSync(path.join(project.cwd, 'compare.json'), 'utf8')) as {
      reason: string;
    };
    const page = await open(
      `#/compare?baseline=${encodeURIComponent(baseline)}&candidate=${encodeURIComponent(candidate)}&maxDrop=0.02`,
      { dark: true },
    );
    const decision = (await page.locator('#decision').textContent()) ?? '';
    expect(decision).toBe(expected.reason.replace(/^fail: /, 'Fail: '));
    const statuses = await page.locator('#compared tbody td:nth-child(2)').allTextContents();
    const regressed = statuses.filter((status) => status === 'regressed').length;
    expect(regressed).toBeGreaterThan(5);
    expect(statuses.slice(0, regressed).every((status) => status === 'regressed')).toBe(true);
    const firstRow = (await page.locator('#compared tbody tr').first().textContent()) ?? '';
    expect(firstRow).toMatch(/answer \d+/);
    expect(firstRow).toContain(hostile);
    await checkAccessibility(page, 'compare, dark');
    await screenshot(page, 'compare-dark');

    // a wider margin: the same drop is now allowed
    await page.fill('input[name="maxDrop"]', '60');
    await page.click('form[aria-label="choose the two sides"] button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('#decision')?.textContent?.startsWith('Pass: '));
    await page.close();
  }, 60_000);

  it('pages the traces, opens one with its attempts and captured bodies as text, and shows spend against budgets', async () => {
    const page = await open('#/traces', { width: 700 });
    await expect(page.locator('#traces tbody tr').count()).resolves.toBe(34);
    await checkAccessibility(page, 'traces at 700 px');
    await screenshot(page, 'traces-700');
    await page.goto(`${ui.url}/#/traces/${project.capturedTrace}`);
    await page.waitForSelector('#request-body');
    expect(await page.locator('#request-body').textContent()).toContain(hostile.replace(/"/g, '\\"'));
    expect(await page.locator('#response-body').textContent()).toContain('served');
    await expect(page.locator('#attempts tbody tr').count()).resolves.toBe(1);
    await checkAccessibility(page, 'trace');
    await screenshot(page, 'trace');
    await page.goto(`${ui.url}/#/traces?status=error`);
    await page.waitForFunction(() => document.querySelectorAll('#traces tbody tr').length === 1);
    await page.goto(`${ui.url}/#/spend`);
    await page.waitForSelector('#budgets');
    expect(await page.locator('#budgets').textContent()).toMatch(/team-a.*\$5\.00\/day/);
    await checkAccessibility(page, 'spend');
    await screenshot(page, 'spend');
    expect(await injected(page)).toBeUndefined();
    await page.close();
  }, 60_000);

  it('lists the routes and opens the qualified one by keyboard: its candidates, the choice marked, the saving', async () => {
    const page = await open('#/routes');
    await expect(page.locator('#routes tbody tr').count()).resolves.toBe(3);
    const row = page.locator('#routes tbody tr', { hasText: 'cheapest-passing' });
    expect(await row.locator('th, td').allTextContents()).toEqual([
      project.qualifiedRoute,
      'cheapest-passing',
      'up:gpt-4o-mini',
      expect.stringMatching(/^\d+[sm] ago$/),
      'no',
      '–',
    ]);
    await checkAccessibility(page, 'routes');
    await screenshot(page, 'routes');
    await page.locator('#routes a', { hasText: project.qualifiedRoute }).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#candidates');
    const rows = await page.locator('#candidates tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('up:gpt-4o-mini (chosen)');
    expect(rows[0]).toContain('90.0%');
    expect(rows[1]).toContain('100.0%');
    await page.waitForSelector('.plot svg');
    const bold = await page.locator('.plot svg g[font-weight="bold"] text').allTextContents();
    expect(bold).toEqual(['up:gpt-4o-mini (chosen)']);
    expect(await page.locator('#reason').textContent()).toContain('up:gpt-4o-mini');
    expect(await page.locator('#saving').textContent()).toMatch(
      /^saves \$[\d.]+\/day at [\d.]+\/day \(traced/,
    );
    await checkAccessibility(page, 'route');
    await screenshot(page, 'route');
    await page.close();
  }, 60_000);

  it('draws the monitor: the pass rate band, the qualification line and drift where `yardstick monitor` finds it', async () => {
    const cli = await runCli(
      ['monitor', '--config', 'gateway.yaml', '--db', project.dbPath, '--since', '1h', '--json'],
      { cwd: project.cwd },
    );
    expect(cli.code).toBe(1);
    const page = await open('#/monitors', { dark: true });
    const section = page.locator(`section[data-route="${project.qualifiedRoute}"]`);
    await expect(section.count()).resolves.toBe(1);
    expect(await section.getAttribute('data-model')).toBe('up:gpt-4o-mini');
    expect(await section.locator('.drift-list').textContent()).toMatch(/^Drift \(one-sided p < 0\.05\) in: /);
    expect(await section.textContent()).toContain('qualification pass rate 90.0%');
    await expect(section.locator('svg text', { hasText: 'drift' }).count()).resolves.toBeGreaterThan(0);
    await checkAccessibility(page, 'monitors, dark');
    await screenshot(page, 'monitors-dark');
    await page.close();
  }, 60_000);

  it('captures a trace as a regression case from its page: the case lands in the test file', async () => {
    const page = await open(`#/traces/${project.capturedTrace}`);
    await page.fill('input[name="file"]', 'regressions/captured.jsonl');
    await page.fill('input[name="expect"]', 'contains:"served"');
    await page.getByRole('button', { name: 'Capture as regression case' }).click();
    await page.waitForFunction(() => document.querySelector('#capture-result')?.textContent !== '');
    expect(await page.locator('#capture-result').textContent()).toBe(
      `Case trace-${project.capturedTrace} appended to ${path.join('regressions', 'captured.jsonl')}.`,
    );
    // what was typed stays: a second capture goes to the same file
    expect(await page.inputValue('input[name="file"]')).toBe('regressions/captured.jsonl');
    const lines = readFileSync(path.join(project.captureDir, 'regressions', 'captured.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '{}') as {
      id: string;
      messages: Array<{ content: string }>;
      assert: unknown[];
    };
    expect(entry.id).toBe(`trace-${project.capturedTrace}`);
    expect(entry.messages.at(-1)?.content).toContain(hostile);
    expect(entry.assert).toEqual([{ type: 'contains', value: 'served' }]);
    await checkAccessibility(page, 'trace with capture');
    await screenshot(page, 'trace-capture');
    expect(await injected(page)).toBeUndefined();
    // a trace that kept no bodies offers no such action
    await page.goto(`${ui.url}/#/traces?route=classify&status=ok`);
    await page.waitForFunction(() => document.querySelectorAll('#traces tbody tr').length === 1);
    await page.locator('#traces tbody a').first().click();
    await page.waitForSelector('#attempts');
    await expect(page.getByRole('button', { name: 'Capture as regression case' }).count()).resolves.toBe(0);
    await page.close();
  }, 60_000);

  it('let no secret reach the browser, drew with no console error or CSP violation, and fetched nothing elsewhere', async () => {
    expect(apiBodies.length).toBeGreaterThan(8);
    for (const body of apiBodies) {
      expect(body).not.toContain(project.gatewayKey);
      expect(body).not.toContain(project.keyHash);
      expect(body).not.toContain(upstreamSecret);
    }
    expect(problems).toEqual([]);
  });

  it('refuses a non-loopback host without a token, and with a token answers only with it', async () => {
    const refused = await runCli(['ui', '--db', project.dbPath, '--host', '0.0.0.0'], { cwd: project.cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--token (or YARDSTICK_UI_TOKEN)');
    expect(refused.stderr).not.toContain('    at ');
    // a mistyped --db is said, not answered with an empty store created on the spot
    const missing = path.join(project.cwd, 'nope', 'yardstick.db');
    const absent = await runCli(['ui', '--db', missing, '--port', '0'], { cwd: project.cwd });
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain(`no store at ${missing}`);
    expect(existsSync(missing)).toBe(false);
    const token = 'e2e-token-0123456789abcdef';
    const guarded = await startUi(project, ['--token', token]);
    try {
      expect((await fetch(`${guarded.url}/api/runs`)).status).toBe(401);
      const visit = await fetch(`${guarded.url}/?token=${token}`, { redirect: 'manual' });
      expect(visit.status).toBe(303);
      const cookie = visit.headers.get('set-cookie')?.split(';')[0] ?? '';
      expect((await fetch(`${guarded.url}/api/runs`, { headers: { cookie } })).status).toBe(200);
    } finally {
      guarded.child.kill('SIGTERM');
      await guarded.exited;
    }
  }, 30_000);
});
