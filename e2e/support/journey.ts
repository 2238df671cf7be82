// One app server and one Chromium per journey file: started before its tests, stopped after.
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, withPage } from './browser.ts';
import { startServer, type AppServer } from './server.ts';

export interface JourneyApp {
  /** Runs a journey in a fresh browser context (every page it visits is checked with axe). */
  page(journey: (page: Page) => Promise<void>): Promise<void>;
  /** An absolute URL on the running server. */
  url(pathname: string): string;
}

export function useJourneyApp(): JourneyApp {
  let server: AppServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    page: (journey) => withPage(browser!, server!, journey),
    url: (pathname) => server!.url(pathname),
  };
}
