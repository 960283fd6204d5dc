// End to end: `--output report.html` opened in headless Chromium (Debian's package, driven by playwright-core).
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, openaiChatCompletion, startFakeServer } from '../src/testing/fake-server.js';
import { launchChromium } from '../src/testing/launch-chromium.js';
import { makeProject, runCli } from './helpers/run-cli.js';
import { numberOf } from './helpers/suites.js';

const outputDir = fileURLToPath(new URL('../test-output/html-report/', import.meta.url));

/** Which numbers each fake model gets wrong: the cheaper, the more. */
const wrongWhen: Record<string, (n: number) => boolean> = {
  frontier: () => false,
  mid: (n) => n % 10 === 3,
  small: (n) => n % 4 === 1,
  tiny: (n) => n % 2 === 0,
  legacy: (n) => n % 3 === 0,
};
const prices: Record<string, string> = {
  frontier: '{ input: 2.5, output: 10 }',
  mid: '{ input: 0.4, output: 1.6 }',
  small: '{ input: 0.15, output: 0.6 }',
  tiny: '{ input: 0.02, output: 0.05 }',
  // dearer than the frontier model and worse: dominated
  legacy: '{ input: 5, output: 15 }',
};

describe('the HTML report in a browser', () => {
  let server: FakeServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startFakeServer((request) => {
      const model = (request.body as { model: string }).model;
      const n = Number(numberOf(request));
      const wrong = wrongWhen[model]?.(n) ?? true;
      return {
        status: 200,
        json: openaiChatCompletion({
          model,
          content: wrong ? `I think it is ${n + 1} <script>alert(1)</script>` : `answer ${n}`,
          usage: { prompt_tokens: 800, completion_tokens: 200 },
        }),
      };
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the frontier, the tables and the comparison, and shows a case on click, with no console error', async () => {
    const models = Object.keys(prices)
      .map(
        (name) =>
          `  - id: openai:${name}\n    baseUrl: ${server.url}/v1\n    apiKeyEnv: FAKE_KEY\n    price: ${prices[name]}\n`,
      )
      .join('');
    const tests = Array.from(
      { length: 40 },
      (_, n) =>
        `  - id: case-${n}\n    vars: { n: ${n} }\n    assert: [ { type: contains, value: "answer ${n}" } ]`,
    ).join('\n');
    const cwd = makeProject({
      'suite.yaml': `name: html\nprompts: ["number {{n}}"]\nmodels:\n${models}tests:\n${tests}\n`,
    });
    const env = { FAKE_KEY: 'k' };
    const first = await runCli(['eval', 'suite.yaml', '--threshold', '0', '-o', 'first.json'], { cwd, env });
    expect(first.code).toBe(0);
    const firstRun = JSON.parse(readFileSync(path.join(cwd, 'first.json'), 'utf8')).run.id as string;

    const result = await runCli(
      [
        'eval',
        'suite.yaml',
        '--baseline',
        `${firstRun}@openai:frontier`,
        '--max-drop',
        '0.02',
        '--volume',
        '500000/day',
        '--threshold',
        '0.7',
        '-o',
        'report.html',
      ],
      { cwd, env },
    );
    // tiny and small are credibly worse than the frontier baseline, so the gate fails
    expect(result.code).toBe(1);
    const file = path.join(cwd, 'report.html');
    const html = readFileSync(file, 'utf8');
    // self-contained: the charting library is inside, and nothing is fetched from elsewhere
    expect(html).toContain('@observablehq/plot v0.6');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    // a model's answer is data, never markup
    expect(html).not.toContain('<script>alert(1)</script>');

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(String(error)));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) problems.push(`fetched ${request.url()}`);
    });
    page.on('dialog', (dialog) => {
      problems.push(`dialog ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });

    // the frontier: a chart with every priced model named and the Pareto-optimal ones set apart
    const costChart = page.locator('#frontier-cost svg[width="760"]');
    await expect(costChart.isVisible()).resolves.toBe(true);
    const labels = await page.locator('#frontier-cost svg text').allTextContents();
    for (const name of Object.keys(prices)) expect(labels).toContain(`openai:${name}`);
    expect(await page.locator('#frontier-cost').textContent()).toContain('Pareto-optimal');
    // frontier (best), mid, small and tiny (cheapest) are each better or cheaper than the others; legacy is not
    const bold = await page.locator('#frontier-cost svg g[font-weight="bold"] text').allTextContents();
    expect(bold.sort()).toEqual(['openai:frontier', 'openai:mid', 'openai:small', 'openai:tiny']);

    // the second view: pass rate against p95 latency
    await page.click('#view-latency');
    await expect(page.locator('#frontier-latency svg[width="760"]').isVisible()).resolves.toBe(true);
    await expect(page.locator('#frontier-cost').isHidden()).resolves.toBe(true);
    await page.click('#view-cost');

    // the summary table, the recommendation and the spend at volume
    await expect(page.locator('#summary tbody tr').count()).resolves.toBe(5);
    const summaryText = await page.locator('#summary').textContent();
    expect(summaryText).toContain('per day at 500000/day');
    expect(summaryText).toContain('current model');
    // cost is per call, and each model's verdict against --threshold 0.7 has its column
    expect(summaryText).toContain('cost / 1k calls');
    expect(summaryText).toContain('≥ 70.0%');
    const verdicts = await page.locator('#summary tbody tr td:nth-child(4)').allTextContents();
    expect(verdicts.sort()).toEqual(['no', 'no', 'yes', 'yes', 'yes']);
    expect(await page.locator('#recommendation').textContent()).toContain('openai:mid');

    // the comparison with the baseline, one per model, regressed cases with both answers
    await expect(page.locator('#comparison .comparison').count()).resolves.toBe(5);
    const comparisonText = (await page.locator('#comparison').textContent()) ?? '';
    expect(comparisonText).toMatch(/Fail: /);
    // the procedure, its one-sided p-value and the gate's rule, as compare.json has them
    expect(comparisonText).toContain('Tango score interval), one-sided p = ');
    expect(comparisonText).toContain(
      'Gate: fail when the interval lies wholly below zero and its lower end is below −2.0 points, fired.',
    );
    const tinyCases = page.locator('#comparison .comparison', { hasText: 'openai:tiny' }).locator('details');
    await tinyCases.locator('summary').click();
    await expect(tinyCases.locator('td.regressed').count()).resolves.toBe(20);

    // the case matrix: click a failing cell, see the answer and the reason
    await expect(page.locator('#matrix tbody tr').count()).resolves.toBe(40);
    await page.locator('#matrix td.fail').first().click();
    await expect(page.locator('#details').isVisible()).resolves.toBe(true);
    const details = (await page.locator('#details').textContent()) ?? '';
    expect(details).toContain('expected output to contain');
    expect(details).toContain('<script>alert(1)</script>');
    expect(Number(await page.locator('#failure-count').textContent())).toBeGreaterThan(20);

    mkdirSync(outputDir, { recursive: true });
    const screenshot = path.join(outputDir, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
