// The journeys' safety net, tested: axe really runs and fails on a violation, and a page that loads without
// an accessibility check fails the journey. Pages here are served by Playwright's router, not by Safehub.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkA11y, closePage, launchBrowser, openPage, visit } from './support/browser.ts';
import type { AppServer } from './support/server.ts';

const origin = 'http://safehub.test';
const fakeServer: AppServer = { baseUrl: origin, url: (p) => new URL(p, origin).toString(), stop: async () => undefined };

const page = (body: string) =>
  `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Test page – Safehub</title></head><body><main><h1>Test page</h1>${body}</main></body></html>`;

async function servePages(p: Page): Promise<void> {
  await p.route(`${origin}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const body =
      path === '/good'
        ? page('<p>Nothing wrong here.</p><a href="/other">Another page</a>')
        : path === '/other'
          ? page('<p>Another page.</p>')
          : path === '/unlabelled'
            ? page('<form><input type="text" name="q"></form>')
            : path === '/grey'
              ? page('<p style="color:#bbb;background:#fff">Pale text that fails contrast</p>')
              : path === '/script-error'
                ? page('<script>throw new Error("boom")</script>')
                : page('');
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
  });
}

describe('Journey harness', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('passes a page with no violations', async () => {
    const p = await openPage(browser, fakeServer);
    await servePages(p);
    await visit(p, '/good', 'a good page');
    await closePage(p);
  });

  it('fails with the rule, impact and element for an unlabelled field and for poor contrast', async () => {
    const p = await openPage(browser, fakeServer);
    await servePages(p);
    await assert.rejects(visit(p, '/unlabelled', 'an unlabelled field'), (error: Error) => {
      assert.match(error.message, /Accessibility violations on an unlabelled field \(\/unlabelled\)/);
      assert.match(error.message, /- label \[critical\]: Form elements must have labels/);
      assert.match(error.message, /at input/);
      return true;
    });
    await assert.rejects(visit(p, '/grey', 'pale text'), /color-contrast \[serious\]/);
    await closePage(p, { verify: false });
  });

  it('fails a journey when a page loads without an accessibility check', async () => {
    const p = await openPage(browser, fakeServer);
    await servePages(p);
    await visit(p, '/good', 'a good page');
    await p.getByRole('link', { name: 'Another page' }).click();
    await p.waitForURL(`${origin}/other`);
    await p.waitForLoadState('load');
    await assert.rejects(closePage(p), /Pages loaded without an accessibility check: \/other/);
  });

  it('fails a page whose script throws', async () => {
    const p = await openPage(browser, fakeServer);
    await servePages(p);
    await p.goto(`${origin}/script-error`);
    await assert.rejects(checkA11y(p, 'a broken script'), /script error: boom/);
    await closePage(p, { verify: false });
  });
});
