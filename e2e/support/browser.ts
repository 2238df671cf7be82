// Chromium, one fresh context per test, and axe-core on every page a journey sees.
//
// Every page load is tracked: `visit` and `navigate` (the only ways a journey should move) always run
// `checkA11y` on the page they land on, and `withPage` fails the test if any page loaded without being
// checked. A page that shows a script error, a Content Security Policy refusal or an asset that failed to
// load also fails the check.
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { NodeResult, Result as AxeResult } from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD, type AppServer } from './server.ts';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Rules switched off for every page, each with its reason. None: every rule in AXE_TAGS applies. */
const DISABLED_AXE_RULES: string[] = [];

/**
 * The one accepted finding, far narrower than switching a rule off: GOV.UK Frontend's script puts
 * `aria-expanded` on a radio or checkbox that reveals a conditional question (aria-controls="conditional-…").
 * ARIA 1.2 does not list aria-expanded for radios, so axe reports `aria-allowed-attr`; GOV.UK keeps it on
 * purpose because screen readers announce the reveal (a documented known issue, alphagov/govuk-frontend#979,
 * https://accessibility.blog.gov.uk/2021/09/21/an-update-on-the-accessibility-of-conditionally-revealed-questions/).
 * Only such nodes, failing only on aria-expanded, are excused; any other attribute or element still fails.
 */
function isGovukConditionalReveal(rule: string, node: NodeResult): boolean {
  if (rule !== 'aria-allowed-attr') return false;
  if (!/class="govuk-(radios|checkboxes)__input"/.test(node.html) || !/aria-controls="conditional-/.test(node.html)) return false;
  const failing = [...node.all, ...node.any, ...node.none].flatMap((check) => (Array.isArray(check.data) ? (check.data as unknown[]) : []));
  return failing.length > 0 && failing.every((attr) => typeof attr === 'string' && /^aria-expanded="(true|false)"$/.test(attr));
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

interface PageState {
  server: AppServer;
  /** Pages that loaded since the last accessibility check. */
  unchecked: string[];
  /** Script errors, CSP refusals and failed assets since the last check. */
  problems: string[];
  /** HTTP status of the last document the main frame loaded (after redirects). */
  lastStatus: number | undefined;
}

const states = new WeakMap<Page, PageState>();

function stateOf(page: Page): PageState {
  const state = states.get(page);
  if (!state) throw new Error('This page was not opened with openPage/withPage, so it is not tracked');
  return state;
}

function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}

/** A new browser context (no cookies) and page on `server`, with every page load tracked. */
export async function openPage(browser: Browser, server: AppServer): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseUrl, locale: 'en-GB', timezoneId: 'Europe/London' });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  const page = await context.newPage();
  const state: PageState = { server, unchecked: [], problems: [], lastStatus: undefined };
  states.set(page, state);
  page.on('load', () => {
    if (page.url() !== 'about:blank') state.unchecked.push(pathOf(page.url()));
  });
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      state.lastStatus = response.status();
    } else if (response.status() >= 300 && response.status() !== 304) {
      // Assets are served directly: a redirect (for example to the sign-in page) or an error means a broken page.
      state.problems.push(`${request.resourceType()} ${pathOf(response.url())} answered ${response.status()}${response.status() < 400 ? ` (redirect to ${response.headers().location ?? '?'})` : ''}`);
    }
  });
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText ?? 'unknown error';
    // ERR_ABORTED: the journey moved on while a late request (such as the favicon) was still in flight.
    if (!request.isNavigationRequest() && !error.includes('ERR_ABORTED')) state.problems.push(`${request.resourceType()} ${pathOf(request.url())} failed: ${error}`);
  });
  page.on('pageerror', (error) => state.problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    // A page's own 4xx status (a 404 or 403 page) is logged as "Failed to load resource"; failed assets are
    // caught above from their responses, so only other console errors (CSP refusals, script errors) count.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) state.problems.push(`console error: ${message.text()}`);
  });
  return page;
}

/** Closes the page's context; fails if a page loaded without an accessibility check. */
export async function closePage(page: Page, { verify = true } = {}): Promise<void> {
  const state = stateOf(page);
  try {
    if (verify) {
      assert.deepEqual(state.unchecked, [], `Pages loaded without an accessibility check: ${state.unchecked.join(', ')}`);
      assert.deepEqual(state.problems, [], `Problems after the last check:\n${state.problems.join('\n')}`);
    }
  } finally {
    await page.context().close();
  }
}

/** Runs a journey in a fresh context; every page it loaded must have been checked with axe. */
export async function withPage(browser: Browser, server: AppServer, journey: (page: Page) => Promise<void>): Promise<void> {
  const page = await openPage(browser, server);
  let ok = false;
  try {
    await journey(page);
    ok = true;
  } finally {
    await closePage(page, { verify: ok });
  }
}

function describeViolation(v: AxeResult): string {
  const nodes = v.nodes
    .slice(0, 5)
    .map((n) => `      at ${n.target.map(String).join(' ')}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n\s*/g, '; ')}` : ''}`)
    .join('\n');
  const more = v.nodes.length > 5 ? `\n      …and ${v.nodes.length - 5} more` : '';
  return `  - ${v.id} [${v.impact ?? 'unknown impact'}]: ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
}

/**
 * Runs axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules) on the page as it is now, and fails with a readable list
 * of violations. Also fails on script errors, CSP refusals or failed assets since the last check, and on a page
 * that does not have exactly one main heading.
 */
export async function checkA11y(page: Page, label: string): Promise<void> {
  const state = stateOf(page);
  await page.waitForLoadState('load');
  const where = `${label} (${pathOf(page.url())})`;
  // Broken styles or scripts first: they explain most of what axe would then report.
  assert.deepEqual(state.problems, [], `Problems on ${where}:\n${state.problems.join('\n')}`);
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).disableRules(DISABLED_AXE_RULES).analyze();
  const violations = results.violations
    .map((v) => ({ ...v, nodes: v.nodes.filter((node) => !isGovukConditionalReveal(v.id, node)) }))
    .filter((v) => v.nodes.length > 0);
  if (violations.length > 0) {
    assert.fail(`Accessibility violations on ${where}:\n${violations.map(describeViolation).join('\n')}`);
  }
  assert.equal(await page.locator('h1').count(), 1, `${where} should have exactly one h1`);
  assert.match(await page.title(), / – Safehub$/, `${where} should have a page title ending "– Safehub"`);
  state.unchecked = [];
  state.problems = [];
}

/** Opens `pathname` (relative to the server) and checks the page it lands on. Returns the final HTTP status. */
export async function visit(page: Page, pathname: string, label: string = pathname): Promise<number | undefined> {
  const state = stateOf(page);
  const response = await page.goto(state.server.url(pathname));
  await checkA11y(page, label);
  return response?.status();
}

/**
 * Does something that loads a new page (submits a form, follows a link), waits for it, and checks it.
 * Returns the final HTTP status of the page.
 */
export async function navigate(page: Page, label: string, action: () => Promise<unknown>): Promise<number | undefined> {
  const state = stateOf(page);
  state.lastStatus = undefined;
  const committed = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
  await action();
  await committed;
  await page.waitForLoadState('load');
  await checkA11y(page, label);
  return state.lastStatus;
}

/** The path (and query) the page is on. */
export function currentPath(page: Page): string {
  return pathOf(page.url());
}

/** The bar under the header that names the signed-in person and role. */
export function userBar(page: Page) {
  return page.getByRole('region', { name: 'Signed in as' });
}

export interface SignInOptions {
  password?: string;
}

/**
 * Signs in through the real sign-in form and, when the role choice is shown, picks `roleName` (the role's
 * name as shown, e.g. "Hub manager"). Ends on the home page; every page on the way is checked.
 */
export async function signIn(page: Page, email: string, roleName?: string, options: SignInOptions = {}): Promise<void> {
  await visit(page, '/sign-in', 'Sign in');
  await page.getByLabel('Email address', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(options.password ?? DEMO_PASSWORD);
  await navigate(page, `after signing in as ${email}`, () => page.getByRole('button', { name: 'Sign in', exact: true }).click());
  if (new URL(page.url()).pathname === '/select-role') {
    assert.ok((await page.getByRole('radio').count()) > 0, `${email} has no roles to choose from`);
    assert.ok(roleName, `${email} holds several roles: say which to choose`);
    await page.getByRole('radio', { name: roleName, exact: true }).check();
    await navigate(page, `home as ${roleName}`, () => page.getByRole('button', { name: 'Continue', exact: true }).click());
  }
  assert.equal(new URL(page.url()).pathname, '/', `${email} should land on the home page after signing in`);
  assert.equal(await userBar(page).count(), 1, `${email} should be shown as signed in`);
  if (roleName) assert.match((await userBar(page).innerText()).replace(/\s+/g, ' '), new RegExp(escapeRegExp(roleName)), `the header should show ${roleName}`);
}

/** Signs out with the header's button; lands on the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await navigate(page, 'after signing out', () => userBar(page).getByRole('button', { name: 'Sign out', exact: true }).click());
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
