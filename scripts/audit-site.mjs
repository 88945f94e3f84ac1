#!/usr/bin/env node
// Site-quality audit of a built portfolio: Lighthouse (mobile) and axe-core (light and dark).
//
//   node scripts/audit-site.mjs SITE_DIR [--runs 3] [--port 8105] [--json FILE] [--no-lighthouse] [--no-axe]
//
// Serves SITE_DIR on 127.0.0.1 the way a static host does (gzip, short cache lifetime), runs
// Lighthouse (performance, accessibility, best practices; the default mobile profile) and
// axe-core in both colour schemes on each page type, prints one row per page and exits 1 if a
// budget is missed. Lighthouse's performance score moves with the load of the machine, so each
// page is measured --runs times and the median run counts (Lighthouse's own advice). Chromium comes from CHROME_PATH (default
// /usr/bin/chromium). Nothing is fetched from outside 127.0.0.1: Chromium resolves no other host.
// Pages that the site does not have (the drill page until it lands) are skipped, not failed.

import { createServer } from 'node:http';
import { createGzip } from 'node:zlib';
import { createReadStream, existsSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const require = createRequire(import.meta.url);

// Page types to audit: label and path below the site root.
export const PAGES = [
  ['home + dashboard', ''],
  ['story with diagram', 'stories/bsp-most-proud/'],
  ['competency matrix', 'views/competency-matrix/'],
  ['question bank', 'views/question-bank/'],
  ['interviewer packet', 'interviewer/'],
  ['drill', 'practice/drill/'],
];

export const BUDGET = { performance: 95, accessibility: 100, axe: 0 };

const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-extensions',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--metrics-recording-only',
  // Offline by construction: every host except the local server fails to resolve.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
};

function parseArgs(argv) {
  const opts = { port: 8105, json: null, lighthouse: true, axe: true, site: null, runs: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') opts.port = Number(argv[++i]);
    else if (a === '--runs') opts.runs = Math.max(1, Number(argv[++i]) || 1);
    else if (a === '--json') opts.json = argv[++i];
    else if (a === '--no-lighthouse') opts.lighthouse = false;
    else if (a === '--no-axe') opts.axe = false;
    else if (a === '-h' || a === '--help') opts.help = true;
    else if (!opts.site) opts.site = a;
    else throw new Error(`unexpected argument: ${a}`);
  }
  return opts;
}

/** A static file server for SITE_DIR on 127.0.0.1 (directory URLs serve index.html). */
export function serve(siteDir, port) {
  const root = resolve(siteDir);
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      const notFound = join(root, '404.html');
      res.writeHead(404, { 'Content-Type': TYPES['.html'] });
      if (existsSync(notFound)) createReadStream(notFound).pipe(res);
      else res.end('not found');
      return;
    }
    const type = TYPES[extname(file).toLowerCase()] || 'application/octet-stream';
    // What a static host such as GitHub Pages sends: gzip for text, a short cache lifetime.
    const headers = { 'Content-Type': type, 'Cache-Control': 'max-age=600', Vary: 'Accept-Encoding' };
    const gzip = /^(text\/|application\/(json|xml)|image\/svg)/.test(type)
      && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
    if (gzip) headers['Content-Encoding'] = 'gzip';
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const body = createReadStream(file);
    if (gzip) body.pipe(createGzip()).pipe(res);
    else body.pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

async function launchBrowser(puppeteer) {
  return puppeteer.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROME_FLAGS,
    defaultViewport: null,
  });
}

async function runLighthouse(lighthouse, browser, url) {
  const page = await browser.newPage();
  try {
    const result = await lighthouse(
      url,
      {
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
      },
      undefined,
      page,
    );
    const lhr = result.lhr;
    const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
    const failed = (id) =>
      lhr.categories[id].auditRefs
        .map((ref) => lhr.audits[ref.id])
        .filter((a) => a && a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative'
          && a.scoreDisplayMode !== 'notApplicable' && a.scoreDisplayMode !== 'manual')
        .map((a) => `${a.id} (${a.displayValue || a.score})`);
    // Which elements fail each accessibility audit (Lighthouse runs axe-core on the mobile page).
    const a11yNodes = {};
    for (const ref of lhr.categories.accessibility.auditRefs) {
      const audit = lhr.audits[ref.id];
      if (!audit || audit.score === null || audit.score === 1) continue;
      a11yNodes[ref.id] = (audit.details?.items ?? []).map((i) => i.node?.selector || i.node?.snippet || '');
    }
    const requests = lhr.audits['network-requests']?.details?.items ?? [];
    const external = requests
      .map((r) => r.url)
      .filter((u) => /^https?:/.test(u) && new URL(u).hostname !== '127.0.0.1');
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      runtimeError: lhr.runtimeError?.message || null,
      failedPerformance: failed('performance'),
      failedAccessibility: failed('accessibility'),
      a11yNodes,
      failedBestPractices: failed('best-practices'),
      external,
    };
  } finally {
    await page.close().catch(() => {});
  }
}

async function runAxe(browser, url, scheme, axePath) {
  // A fresh profile each time: Material remembers the last palette in localStorage.
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  try {
    await page.setViewport({ width: 1280, height: 900 });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await page.goto(url, { waitUntil: 'networkidle0' });
    await page.addScriptTag({ path: axePath });
    const results = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
      }));
    });
    const palette = await page.evaluate(() => document.body.getAttribute('data-md-color-scheme'));
    return { palette, violations: results };
  } finally {
    await context.close().catch(() => {});
  }
}

function pad(s, n) {
  s = String(s);
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help || !opts.site) {
    console.log('usage: node scripts/audit-site.mjs SITE_DIR [--runs N] [--port N] [--json FILE] [--no-lighthouse] [--no-axe]');
    process.exit(opts.help ? 0 : 2);
  }
  const site = resolve(opts.site);
  if (!existsSync(join(site, 'index.html'))) {
    console.error(`audit-site: ${site} has no index.html; build the site first`);
    process.exit(2);
  }
  const axePath = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
  if (opts.axe && !existsSync(axePath)) {
    console.error('audit-site: node_modules/axe-core is missing; run `npm ci` first');
    process.exit(2);
  }
  // puppeteer-core comes with Lighthouse; resolve it from there rather than pinning it twice.
  const lhRequire = createRequire(require.resolve('lighthouse'));
  const puppeteer = (await import(lhRequire.resolve('puppeteer-core'))).default;
  const lighthouse = (await import('lighthouse')).default;

  const server = await serve(site, opts.port);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await launchBrowser(puppeteer);
  const rows = [];
  let failed = false;
  try {
    for (const [label, path] of PAGES) {
      const row = { page: label, path };
      if (!existsSync(join(site, path, 'index.html'))) {
        row.skipped = 'page not in this build';
        rows.push(row);
        continue;
      }
      const url = base + path;
      if (opts.lighthouse) {
        const runs = [];
        for (let i = 0; i < opts.runs; i++) runs.push(await runLighthouse(lighthouse, browser, url));
        runs.sort((a, b) => a.performance - b.performance);
        row.lighthouse = runs[Math.floor((runs.length - 1) / 2)];
        row.lighthouse.performanceRuns = runs.map((r) => r.performance);
        // Accessibility does not depend on timing: any run that misses counts.
        row.lighthouse.accessibility = Math.min(...runs.map((r) => r.accessibility));
      }
      if (opts.axe) {
        row.axe = {};
        for (const scheme of ['light', 'dark']) row.axe[scheme] = await runAxe(browser, url, scheme, axePath);
      }
      row.problems = [];
      const lh = row.lighthouse;
      if (lh) {
        if (lh.runtimeError) row.problems.push(`Lighthouse error: ${lh.runtimeError}`);
        if (lh.performance < BUDGET.performance)
          row.problems.push(`performance ${lh.performance} < ${BUDGET.performance}: ${lh.failedPerformance.join(', ')}`);
        if (lh.accessibility < BUDGET.accessibility)
          row.problems.push(`accessibility ${lh.accessibility} < ${BUDGET.accessibility}: ${
            Object.entries(lh.a11yNodes).map(([id, nodes]) => `${id} [${nodes.slice(0, 4).join(' | ')}]`).join(', ')}`);
        if (lh.external.length) row.problems.push(`requests outside 127.0.0.1: ${lh.external.join(', ')}`);
      }
      if (row.axe) {
        for (const [scheme, r] of Object.entries(row.axe)) {
          const expected = scheme === 'dark' ? 'slate' : 'default';
          if (r.palette !== expected) row.problems.push(`axe ${scheme}: page rendered palette ${r.palette}, not ${expected}`);
          for (const v of r.violations) {
            row.problems.push(`axe ${scheme}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target).join(' | ')}`);
          }
        }
      }
      if (row.problems.length) failed = true;
      rows.push(row);
    }
  } finally {
    await browser.close().catch(() => {});
    server.close();
  }

  const head = ['page', 'path', 'LH perf', 'LH a11y', 'LH best-pr.', 'axe light', 'axe dark', 'perf runs'];
  const widths = [20, 28, 8, 8, 12, 10, 9, 12];
  console.log(head.map((h, i) => pad(h, widths[i])).join(' '));
  console.log(widths.map((w) => '-'.repeat(w)).join(' '));
  for (const r of rows) {
    const cells = r.skipped
      ? [r.page, '/' + r.path, `skipped: ${r.skipped}`]
      : [
          r.page,
          '/' + r.path,
          r.lighthouse?.performance ?? '-',
          r.lighthouse?.accessibility ?? '-',
          r.lighthouse?.bestPractices ?? '-',
          r.axe ? r.axe.light.violations.length : '-',
          r.axe ? r.axe.dark.violations.length : '-',
          r.lighthouse ? r.lighthouse.performanceRuns.join(' ') : '-',
        ];
    console.log(cells.map((c, i) => pad(c, widths[i] ?? 0)).join(' '));
  }
  console.log(`\nbudget: LH performance >= ${BUDGET.performance} (median of ${opts.runs}), LH accessibility = ${BUDGET.accessibility}, axe violations = ${BUDGET.axe} (light and dark)`);
  for (const r of rows) for (const p of r.problems ?? []) console.log(`FAIL ${r.page}: ${p}`);
  if (opts.json) writeFileSync(opts.json, JSON.stringify(rows, null, 2));
  console.log(failed ? '\naudit: budget missed' : '\naudit: all budgets met');
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(2);
  });
}
