// The web app in Debian's Chromium, on SQLite and PostgreSQL: the seed's whole story as its people
// live it (first account, System Console, Integrations, the #build hook, the rendered table
// arriving without a reload, the delivery log and Redeliver), a hostile reply that must do nothing,
// chat between two people (unread and mention counts, threads, edits, direct messages), and a
// 360 px wide screen. One browser for the file, one server per database.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { testDatabaseKinds } from './support/databases.js';
import { startTestServer, uniqueName, type TestServer } from './support/server.js';
import { eventually, replyJson, startReceiver, type Receiver } from './support/receiver.js';
import { browserAvailable, horizontalOverflow, launchBrowser, screenshot, unnamedControls } from './support/browser.js';
import { call } from './support/wire.js';

// The receiver's reply in the seed.
const TABLE = `
| Component | Tests Run | Tests Failed |
|:-----------|:------------|:-----------------------------------------------|
| Server | 948 | :white_check_mark: 0 |
| Web Client | 123 | :warning: [2 (see details)](http://linktologs) |
| iOS Client | 78 | :warning: [3 (see details)](http://linktologs) |
`;

// A reply that tries everything a message must never do in the page.
const HOSTILE = {
  text: [
    'Hostile <script>window.__pwned = "script"</script>',
    '<img src="x" onerror="window.__pwned = \'img\'">',
    '[click me](javascript:window.__pwned=\'js\')',
    '[or me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[tabbed](java&#9;script:window.__pwned=\'tab\')',
    '![pic](javascript:window.__pwned=\'image\')',
    '<a href="javascript:window.__pwned=\'a\'">raw link</a>',
  ].join('\n\n'),
  attachments: [{
    color: 'red;background:url(javascript:alert(1))', pretext: '<script>window.__pwned = "pretext"</script>',
    title: 'Attachment title', title_link: 'javascript:window.__pwned="title"', text: '<img src=x onerror="window.__pwned=\'attachment\'">',
    author_name: 'mallory', author_link: 'javascript:window.__pwned="author"', image_url: 'javascript:alert(1)',
    fields: [{ title: 'Field', value: '[f](javascript:window.__pwned="field")', short: true }], footer: 'footer',
  }],
};

// Code passed to page.evaluate runs in the page; the server's compile has no DOM types for it.
declare const document: any;
declare const window: any;

const PASSWORD = 'password1';
const TIMEOUT = 20_000;

let browser: Browser | null = null;
const enabled = browserAvailable();

before(async () => {
  if (!enabled) return;
  assert.ok(existsSync(join(process.cwd(), 'web', 'dist', 'index.html')), 'the web app is not built: run npm run build first');
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function newPage(width = 1280, height = 860): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser!.newContext({ viewport: { width, height } });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { errors: string[] }).errors = errors;
  return { context, page };
}

const pageErrors = (page: Page) => (page as Page & { errors: string[] }).errors;

async function logIn(page: Page, server: TestServer, username: string, target = '/') {
  await page.goto(`${server.url}/login?redirect_to=${encodeURIComponent(target)}`);
  await page.getByLabel('Email or Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function send(page: Page, text: string, label: RegExp = /^Write to /) {
  const box = page.getByRole('textbox', { name: label }).first();
  await box.fill(text);
  await box.press('Enter');
  await page.waitForFunction((t) => [...document.querySelectorAll('article .markdown')].some((m: any) => m.textContent?.includes(t)), text.slice(0, 20));
}

for (const kind of enabled ? await testDatabaseKinds() : []) {
  test(`${kind}: the web app in Chromium`, async (t) => {
    const server = await startTestServer(kind);
    let receiver: Receiver | null = null;
    t.after(async () => {
      await receiver?.close();
      await server.stop();
    });
    const { context, page } = await newPage();
    t.after(() => context.close());
    const admin = uniqueName('admin');
    const shot = (p: Page, name: string) => screenshot(p, `${kind}-${name}`);
    // A failed step leaves a screenshot of every open page, so a failure seen only once can be read.
    const step = (name: string, fn: () => Promise<void>) =>
      t.test(name, async () => {
        try {
          await fn();
        } catch (e) {
          const pages = browser!.contexts().flatMap((c) => c.pages());
          const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
          await Promise.all(pages.map((p, i) => shot(p, `failed-${slug}-${i}`).catch(() => {})));
          throw e;
        }
      });

    await step('the first visitor creates the admin account and a team', async () => {
      await page.goto(server.url);
      await page.waitForURL('**/signup');
      await page.getByRole('heading', { name: 'Create the first account' }).waitFor();
      assert.match(await page.locator('.notice').innerText(), /system administrator/);
      await shot(page, '01-first-account');
      await page.getByLabel('Email').fill(`${admin}@example.com`);
      await page.getByLabel('Username').fill(admin);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL('**/select_team');
      await page.getByLabel('Team Name').fill('Build Team');
      assert.equal(await page.getByLabel('Team URL').inputValue(), 'build-team');
      await page.getByRole('button', { name: 'Create team' }).click();
      await page.waitForURL('**/build-team/channels/town-square');
      await page.getByRole('heading', { name: 'Town Square' }).waitFor();
      const me = (await server.ctx.store.users.getByUsername(admin))!;
      assert.match(me.roles, /system_admin/);
    });

    await step('the admin switches outgoing webhooks on in the System Console', async () => {
      await page.getByRole('button', { name: `@${admin}` }).click();
      await page.getByRole('link', { name: 'System Console' }).click();
      await page.waitForURL('**/admin_console/integrations/integration_management');
      const outgoing = page.getByRole('switch', { name: 'Enable Outgoing Webhooks' });
      assert.equal(await outgoing.isChecked(), false);
      for (const label of ['Enable Incoming Webhooks', 'Enable integrations to override usernames', 'Enable integrations to override profile picture icons', 'Restrict managing integrations to Admins']) {
        await page.getByRole('switch', { name: label }).waitFor();
      }
      await outgoing.check();
      // A bad value is refused in words, next to the form.
      await page.getByLabel('Outgoing Integration Request Timeout (seconds)').fill('soon');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('alert').filter({ hasText: 'whole number of seconds' }).waitFor();
      await page.getByLabel('Outgoing Integration Request Timeout (seconds)').fill('30');
      await page.getByLabel('Allowed Untrusted Internal Connections').fill('127.0.0.1');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
      assert.equal(server.ctx.config.get().ServiceSettings.EnableOutgoingWebhooks, true);
      assert.equal(server.ctx.config.get().ServiceSettings.AllowedUntrustedInternalConnections, '127.0.0.1');
      assert.deepEqual(await unnamedControls(page), []);
      await shot(page, '02-system-console');
      // The page survives a reload (deep link).
      await page.reload();
      assert.equal(await page.getByRole('switch', { name: 'Enable Outgoing Webhooks' }).isChecked(), true);
    });

    await step('the admin adds the #build hook in Integrations and sees its token', async () => {
      receiver = await startReceiver(replyJson({ text: TABLE }));
      await page.getByRole('link', { name: 'Back to Switchboard' }).click();
      await page.waitForURL('**/build-team/channels/town-square');
      await page.getByRole('button', { name: `@${admin}` }).click();
      await page.getByRole('link', { name: 'Integrations' }).click();
      await page.waitForURL('**/build-team/integrations');
      await page.getByRole('link', { name: /Outgoing Webhooks/ }).first().click();
      await page.getByRole('link', { name: 'Add Outgoing Webhook' }).click();
      await page.waitForURL('**/outgoing_webhooks/add');
      for (const label of ['Display Name', 'Description', 'Content Type', 'Channel', 'Trigger Words (One Per Line)', 'Trigger When', 'Callback URLs (One Per Line)', 'Username', 'Profile Picture']) {
        await page.getByLabel(label, { exact: true }).waitFor();
      }
      assert.deepEqual(await unnamedControls(page), []);
      await page.getByLabel('Display Name').fill('Build bot');
      await page.getByLabel('Description').fill('Reports CI status');
      await page.getByLabel('Trigger Words (One Per Line)').fill('#build');
      await page.getByLabel('Callback URLs (One Per Line)').fill(`${receiver!.url}/hook`);
      await page.locator('.backstage__main').evaluate((el: any) => el.scrollTo(0, 0));
      await shot(page, '03-add-outgoing-webhook');
      // A bad callback URL: the server's refusal is shown in words.
      await page.getByLabel('Callback URLs (One Per Line)').fill('not a url');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.locator('#hook-form-error').waitFor();
      assert.match(await page.locator('#hook-form-error').innerText(), /\w+ \w+/);
      await page.getByLabel('Callback URLs (One Per Line)').fill(`${receiver!.url}/hook`);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL('**/integrations/confirm?**');
      const token = await page.getByTestId('hook-token').innerText();
      assert.match(token, /^[a-z0-9]{26}$/);
      await shot(page, '04-hook-token');
      await page.getByRole('link', { name: 'Done' }).click();
      await page.getByRole('heading', { name: 'Build bot' }).waitFor();
      assert.ok((await page.locator('.hook-card').innerText()).includes(token));
    });

    await step('the admin posts #build and the table arrives, rendered, without a reload', async () => {
      await page.getByRole('link', { name: /Back to Build Team/ }).click();
      await page.waitForURL('**/build-team/channels/town-square');
      await page.evaluate(() => ((window as any).__sameDocument = true));
      await send(page, "#build Let's see the status");
      const reply = page.locator('article').filter({ has: page.locator('table') });
      await reply.waitFor();
      assert.equal(await page.evaluate(() => (window as any).__sameDocument), true, 'the page was not reloaded');
      assert.equal(await reply.locator('.post__author').innerText(), 'webhook');
      assert.equal(await reply.locator('.bot-tag').innerText(), 'BOT');
      const headers = await reply.locator('th').allInnerTexts();
      assert.deepEqual(headers.map((h) => h.trim()), ['Component', 'Tests Run', 'Tests Failed']);
      const rows = await reply.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
      assert.deepEqual(rows, [
        ['Server', '948', '✅ 0'],
        ['Web Client', '123', '⚠️ 2 (see details)'],
        ['iOS Client', '78', '⚠️ 3 (see details)'],
      ]);
      const link = reply.getByRole('link', { name: '2 (see details)' });
      assert.equal(await link.getAttribute('href'), 'http://linktologs/');
      assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
      assert.equal(await link.getAttribute('target'), '_blank');
      assert.equal((await receiver!.waitFor(1))[0]!.form.text, "#build Let's see the status");
      await shot(page, '05-rendered-table');
    });

    await step('the delivery log shows the delivery, and Redeliver sends it again', async () => {
      await page.getByRole('button', { name: `@${admin}` }).click();
      await page.getByRole('link', { name: 'Integrations' }).click();
      await page.getByRole('link', { name: /Outgoing Webhooks/ }).first().click();
      await page.getByRole('link', { name: 'Delivery log of Build bot' }).click();
      await page.waitForURL('**/outgoing_webhooks/deliveries?id=*');
      const row = page.locator('tbody tr').first();
      await row.filter({ hasText: 'Succeeded' }).waitFor();
      await row.locator('td').nth(4).filter({ hasText: / ms$/ }).waitFor();
      const cells = await row.locator('td').allInnerTexts();
      assert.equal(cells[2], '200');
      assert.equal(cells[3], '1');
      assert.match(cells[4]!, /^\d+ ms$/);
      await row.getByRole('button', { name: 'Details' }).click();
      const detail = page.locator('#delivery-detail');
      await detail.getByLabel('Response body').first().waitFor();
      assert.match(await detail.getByLabel('Response body').first().innerText(), /Tests Run/);
      assert.match(await detail.getByLabel('Request body').first().innerText(), /trigger_word=%23build/);
      await shot(page, '06-delivery-log');
      await row.getByRole('button', { name: 'Redeliver' }).click();
      await page.getByRole('status').filter({ hasText: 'Queued to be sent again.' }).waitFor();
      await receiver!.waitFor(2);
      await row.locator('td').nth(3).filter({ hasText: '2' }).waitFor();
      assert.equal((await row.locator('td').allInnerTexts())[1], 'Succeeded');
      const [first, second] = receiver!.requests;
      assert.equal(first!.headers['webhook-id'], second!.headers['webhook-id']);
      assert.deepEqual(await unnamedControls(page), []);
      // Send test: the answer is shown here, not posted.
      await page.getByRole('button', { name: 'Send test' }).click();
      await page.getByRole('heading', { name: 'Test results' }).waitFor();
      await receiver!.waitFor(3);
    });

    await step('a disabled hook says why and can be enabled again', async () => {
      receiver!.respond(replyJson({ text: 'gone' }, 410));
      await page.getByRole('link', { name: /Back to Build Team/ }).click();
      await send(page, '#build once more');
      const hook = (await server.ctx.store.outgoingHooks.listAllLive())[0]!;
      await eventually(async () => ((await server.ctx.store.outgoingHooks.get(hook.id))?.disabled_at ?? 0) > 0);
      await page.goto(`${server.url}/build-team/integrations/outgoing_webhooks/deliveries?id=${hook.id}`);
      const notice = page.getByRole('region', { name: 'Webhook disabled' });
      await notice.waitFor();
      assert.match(await notice.innerText(), /410 Gone/);
      receiver!.respond(replyJson({ text: TABLE }));
      await notice.getByRole('button', { name: 'Enable' }).click();
      await page.getByRole('status').filter({ hasText: 'Webhook enabled.' }).waitFor();
      assert.equal((await server.ctx.store.outgoingHooks.get(hook.id))?.disabled_at, 0);
      await notice.waitFor({ state: 'detached' });
    });

    await step('a hostile reply runs nothing and links nowhere dangerous', async () => {
      receiver!.respond(replyJson(HOSTILE));
      await page.goto(`${server.url}/build-team/channels/town-square`);
      await send(page, '#build try me');
      const reply = page.locator('article').filter({ hasText: 'Hostile' });
      await reply.waitFor();
      await reply.locator('.attachment').waitFor();
      // Everything it tried is on screen as text, and none of it ran.
      const text = await reply.innerText();
      assert.match(text, /<script>window.__pwned = "script"<\/script>/);
      assert.match(text, /<img src="x" onerror=/);
      assert.equal(await reply.locator('script, iframe, object, embed, [onerror], [onclick], [style*="url("]').count(), 0);
      assert.equal(await reply.locator('img').count(), 0);
      const hrefs = await reply.locator('a').evaluateAll((as) => as.map((a: any) => String(a.href)));
      for (const href of hrefs) assert.match(href, /^(https?:|mailto:)/, href);
      // Clicking what would have been links does nothing.
      for (const name of ['click me', 'or me', 'tabbed', 'Attachment title', 'mallory', 'f']) {
        await reply.getByText(name, { exact: true }).first().click();
      }
      await page.waitForTimeout(300);
      assert.equal(await page.evaluate(() => (window as any).__pwned), undefined);
      assert.equal(page.url(), `${server.url}/build-team/channels/town-square`);
      assert.deepEqual(pageErrors(page), []);
      await shot(page, '07-hostile-reply');
    });

    await step('two people chat: live posts, unread and mention counts, threads, edits, direct messages', async () => {
      const bobName = uniqueName('bob');
      const c = server.client();
      await c.login(admin, PASSWORD);
      const bob = await c.createUser({ username: bobName, email: `${bobName}@example.com`, password: PASSWORD });
      const team = await c.getTeamByName('build-team');
      await c.addToTeam(team.id, bob.id);
      const other = await newPage();
      t.after(() => other.context.close());
      const bobPage = other.page;
      await logIn(bobPage, server, bobName, '/build-team/channels/off-topic');
      await bobPage.waitForURL('**/build-team/channels/off-topic');
      await bobPage.getByRole('heading', { name: 'Off-Topic' }).waitFor();

      // Bob is no admin: neither Integrations nor the System Console is offered, nor opens.
      await bobPage.getByRole('button', { name: `@${bobName}` }).click();
      const menu = bobPage.getByRole('navigation', { name: 'Main menu' });
      await menu.getByRole('button', { name: 'Log out' }).waitFor();
      assert.equal(await menu.getByRole('link', { name: 'Integrations' }).count(), 0);
      assert.equal(await menu.getByRole('link', { name: 'System Console' }).count(), 0);
      await bobPage.getByRole('button', { name: `@${bobName}` }).click();
      await bobPage.goto(`${server.url}/build-team/integrations/outgoing_webhooks/add`);
      await bobPage.getByText('You do not have permission to manage outgoing webhooks in this team.').waitFor();
      assert.equal(await bobPage.getByLabel('Callback URLs (One Per Line)').count(), 0);
      await bobPage.goto(`${server.url}/admin_console/integrations/integration_management`);
      await bobPage.getByText('Only system admins can open the System Console.').waitFor();
      await bobPage.goto(`${server.url}/build-team/channels/off-topic`);
      await bobPage.getByRole('heading', { name: 'Off-Topic' }).waitFor();

      // The admin mentions bob in Town Square while bob reads Off-Topic.
      await page.goto(`${server.url}/build-team/channels/town-square`);
      await send(page, `@${bobName} the build is green`);
      const townLink = bobPage.getByRole('link', { name: /^Town Square, unread, 1 mention$/ });
      await townLink.waitFor();
      await shot(bobPage, '08-unread-mention');
      await townLink.click();
      await bobPage.getByRole('link', { name: 'Town Square', exact: true }).waitFor();
      const mention = bobPage.locator('article').filter({ hasText: 'the build is green' });
      await mention.locator('.mention--me').waitFor();

      // Bob replies in a thread; the admin sees the reply count live.
      await mention.hover();
      await mention.getByRole('button', { name: 'Reply in thread' }).click();
      await bobPage.getByRole('complementary', { name: 'Thread' }).waitFor();
      await send(bobPage, 'on it', /^Reply to the thread$/);
      await shot(bobPage, '08b-thread');
      await page.locator('article').filter({ hasText: 'the build is green' }).getByRole('button', { name: '1 reply' }).waitFor();

      // Bob edits and deletes his own message; the admin's page follows.
      await send(bobPage, 'first draft');
      const draft = bobPage.locator('article').filter({ hasText: 'first draft' }).last();
      await draft.hover();
      await draft.getByRole('button', { name: 'Edit message' }).click();
      await bobPage.getByRole('textbox', { name: 'Edit message' }).fill('second draft');
      await bobPage.getByRole('textbox', { name: 'Edit message' }).press('Enter');
      await page.locator('article').filter({ hasText: 'second draft' }).waitFor();
      const edited = bobPage.locator('article').filter({ hasText: 'second draft' }).last();
      await edited.hover();
      await edited.getByRole('button', { name: 'Delete message' }).click();
      await bobPage.getByRole('dialog', { name: 'Delete message' }).getByRole('button', { name: 'Delete' }).click();
      await page.locator('article').filter({ hasText: 'second draft' }).waitFor({ state: 'detached' });

      // Shift+Enter makes a new line; Enter sends.
      const box = bobPage.getByRole('textbox', { name: /^Write to Town Square/ });
      await box.fill('line one');
      await box.press('Shift+Enter');
      await box.pressSequentially('line two');
      assert.equal(await box.inputValue(), 'line one\nline two');
      await box.press('Enter');
      await page.locator('article').filter({ hasText: 'line two' }).waitFor();

      // Bob creates a channel; the admin finds it in Browse channels and joins.
      await bobPage.getByRole('button', { name: 'Create new channel' }).click();
      const create = bobPage.getByRole('dialog', { name: 'Create a new channel' });
      await create.getByLabel('Name').fill('Deploys');
      await create.getByLabel('Purpose (optional)').fill('Where releases are announced');
      await create.getByRole('button', { name: 'Create channel' }).click();
      await bobPage.waitForURL('**/build-team/channels/deploys');
      await bobPage.getByRole('heading', { name: 'Deploys' }).waitFor();
      await page.getByRole('button', { name: 'Browse channels' }).click();
      const browse = page.getByRole('dialog', { name: 'Browse channels' });
      await browse.getByText('Where releases are announced').waitFor();
      await browse.getByRole('button', { name: 'Join Deploys' }).click();
      await page.waitForURL('**/build-team/channels/deploys');
      await page.locator('#sidebar').getByRole('link', { name: 'Deploys' }).waitFor();
      await page.goto(`${server.url}/build-team/channels/town-square`);
      await page.getByRole('heading', { name: 'Town Square' }).waitFor();
      await bobPage.goto(`${server.url}/build-team/channels/town-square`);
      await bobPage.getByRole('heading', { name: 'Town Square' }).waitFor();

      // A direct message appears in the admin's sidebar as a mention.
      await bobPage.goto(`${server.url}/build-team/messages/@${admin}`);
      await send(bobPage, 'a private word');
      await page.getByRole('link', { name: new RegExp(`^${bobName}, unread, 1 mention$`) }).waitFor();
      assert.deepEqual(await unnamedControls(page), []);
      assert.deepEqual(pageErrors(page), []);
      assert.deepEqual(pageErrors(bobPage), []);
      await shot(page, '09-chat');
    });

    await step('360 px wide: the sidebar folds away, the table scrolls inside its message', async () => {
      const narrow = await newPage(360, 740);
      t.after(() => narrow.context.close());
      const p = narrow.page;
      await logIn(p, server, admin, '/build-team/channels/town-square');
      await p.waitForURL('**/build-team/channels/town-square');
      await p.locator('article table').first().waitFor();
      assert.equal(await horizontalOverflow(p), 0);
      assert.equal(await p.locator('#sidebar').isVisible(), false);
      await p.locator('article table').first().scrollIntoViewIfNeeded();
      await shot(p, '10-narrow-channel');
      await p.getByRole('button', { name: 'Channels' }).click();
      await p.locator('#sidebar').getByRole('link', { name: /^Off-Topic/ }).click();
      await p.waitForURL('**/build-team/channels/off-topic');
      assert.equal(await p.locator('#sidebar').isVisible(), false);
      for (const path of ['/build-team/integrations/outgoing_webhooks', '/admin_console/integrations/integration_management']) {
        await p.goto(server.url + path);
        await p.locator('h1').first().waitFor();
        assert.equal(await horizontalOverflow(p), 0, path);
      }
      await shot(p, '11-narrow-console');
    });

    await step('keyboard: skip link, composer and sidebar are reachable with Tab', async () => {
      await page.goto(`${server.url}/build-team/channels/town-square`);
      await page.getByRole('heading', { name: 'Town Square' }).waitFor();
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to messages');
      const reached = new Set<string>();
      for (let i = 0; i < 200 && !(reached.has('composer') && reached.has('sidebar')); i++) {
        await page.keyboard.press('Tab');
        const where = await page.evaluate(() => {
          const el = document.activeElement;
          if (el?.matches('.composer__input')) return 'composer';
          if (el?.closest('#sidebar')) return 'sidebar';
          return '';
        });
        if (where) reached.add(where);
      }
      assert.deepEqual([...reached].sort(), ['composer', 'sidebar']);
    });

    await step('logging out ends the session; the app asks to log in again', async () => {
      const out = await newPage();
      t.after(() => out.context.close());
      await logIn(out.page, server, admin, '/build-team/channels/off-topic');
      await out.page.getByRole('heading', { name: 'Off-Topic' }).waitFor();
      await out.page.getByRole('button', { name: `@${admin}` }).click();
      await out.page.getByRole('button', { name: 'Log out' }).click();
      await out.page.waitForURL('**/login');
      await out.page.goto(`${server.url}/build-team/channels/off-topic`);
      await out.page.waitForURL('**/login?redirect_to=*');
      await out.page.getByRole('heading', { name: 'Switchboard' }).waitFor();
      // A login that ends elsewhere (expired, or revoked) sends the page back to the login form.
      const carolName = uniqueName('carol');
      const c = server.client();
      await c.login(admin, PASSWORD);
      const carol = await c.createUser({ username: carolName, email: `${carolName}@example.com`, password: PASSWORD });
      await c.addToTeam((await c.getTeamByName('build-team')).id, carol.id);
      await logIn(out.page, server, carolName, '/build-team/channels/town-square');
      await out.page.getByRole('heading', { name: 'Town Square' }).waitFor();
      await server.ctx.store.sessions.deleteForUser(carol.id);
      await out.page.reload();
      await out.page.waitForURL('**/login**');
      await out.page.getByLabel('Email or Username').waitFor();
    });

    await step('hooks are edited, get a new token, and are deleted from the list', async () => {
      await page.goto(`${server.url}/build-team/integrations/outgoing_webhooks`);
      const card = page.locator('.hook-card').filter({ hasText: 'Build bot' });
      const before = await card.locator('dd code').last().innerText();
      await shot(page, '12-hook-list');
      await card.getByRole('link', { name: 'Edit Build bot' }).click();
      await page.waitForURL('**/outgoing_webhooks/edit?id=*');
      assert.equal(await page.getByLabel('Trigger Words (One Per Line)').inputValue(), '#build');
      await page.getByLabel('Description').fill('Reports CI status, edited');
      await page.getByLabel('Trigger When').selectOption({ label: 'First word starts with a trigger word' });
      await page.getByRole('button', { name: 'Update' }).click();
      await page.waitForURL('**/integrations/outgoing_webhooks');
      await card.getByText('Reports CI status, edited').waitFor();
      assert.match(await card.innerText(), /First word starts with a trigger word/);
      await card.getByRole('button', { name: 'Regenerate token of Build bot' }).click();
      await page.getByRole('status').filter({ hasText: 'Token regenerated.' }).waitFor();
      const after = await card.locator('dd code').last().innerText();
      assert.notEqual(after, before);
      assert.match(after, /^[a-z0-9]{26}$/);
      await card.getByRole('button', { name: 'Delete Build bot' }).click();
      await page.getByRole('dialog', { name: 'Delete outgoing webhook' }).getByRole('button', { name: 'Delete' }).click();
      await page.getByText('No outgoing webhooks yet.').waitFor();
      assert.deepEqual(await server.ctx.store.outgoingHooks.listAllLive(), []);
    });

    await step('deep links reload into the app; unknown API paths keep their JSON 404', async () => {
      await page.goto(`${server.url}/build-team/integrations/outgoing_webhooks`);
      await page.getByRole('heading', { name: 'Outgoing Webhooks' }).waitFor();
      await page.reload();
      await page.getByText('No outgoing webhooks yet.').waitFor();
      const api = await call(server.url, 'GET', '/api/v4/no/such/route', { headers: { Accept: 'text/html' } });
      assert.equal(api.status, 404);
      assert.equal(api.headers.get('content-type'), 'application/json');
      assert.equal(api.json.id, 'api.context.404.app_error');
      const html = await call(server.url, 'GET', '/some/deep/link', { headers: { Accept: 'text/html' } });
      assert.equal(html.status, 200);
      assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(html.headers.get('cache-control'), 'no-cache');
      assert.match(html.headers.get('content-security-policy') ?? '', /script-src 'self'/);
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html.text)![1]!;
      const asset = await call(server.url, 'GET', script);
      assert.equal(asset.status, 200);
      assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
      assert.equal((await call(server.url, 'GET', '/assets/missing.js', { headers: { Accept: 'text/html' } })).status, 404);
      assert.equal((await call(server.url, 'POST', '/some/deep/link', { headers: { Accept: 'text/html' } })).status, 404);
      // API clients asking for anything (or JSON) keep the JSON 404; the root is the app for everyone.
      assert.equal((await call(server.url, 'GET', '/some/deep/link', { headers: { Accept: '*/*' } })).json?.id, 'api.context.404.app_error');
      assert.match((await call(server.url, 'GET', '/', { headers: { Accept: '*/*' } })).text, /<div id="root">/);
      // Nothing outside the build is served, however the path is spelt.
      for (const path of ['/%2e%2e/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/assets/..%2f..%2f..%2fpackage.json', '/%2e%2e%5c%2e%2e%5cpackage.json']) {
        const res = await call(server.url, 'GET', path, { headers: { Accept: 'text/html' } });
        assert.equal(res.text.includes('"workspaces"'), false, path);
      }
    });
  });
}
