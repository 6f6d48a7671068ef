/**
 * The seller's job in a real browser (Debian's Chromium through playwright-core) against the dev host
 * (`medusa develop` with the admin, seeded store, ATOL Online emulator, terminal simulator): log in, open an
 * order, Collect in store, read the link from the page, approve it in the simulator, and see Paid and the
 * receipt Done without a reload. Prints the Approve→Paid time. Screenshots go to screenshots/ (git-ignored).
 */
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import type { BrowserContext, Page } from "playwright-core"
import { scratchDatabase } from "../helpers/database"
import { injectFault } from "../helpers/faults"

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startHost } = require("../../dev/host.js")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { placeOrder, fetchClient } = require("../../dev/seed/store-orders")

const root = path.resolve(__dirname, "../..")
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
const hasChromium = fs.existsSync(CHROMIUM)
const LAUNCH_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]

// jest runs with --silent and its reporter buffers stdout: what the reader must see goes straight to fd 1.
const say = (line: string) => fs.writeSync(1, `[browser] ${line}\n`)

if (!hasChromium) {
  say(`SKIPPED: no Chromium at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`)
}

jest.setTimeout(10 * 60 * 1000)

const database = scratchDatabase("in_store_browser")
const databaseUrl = database.url
const logFile = path.join(root, ".cache/browser-test/medusa.log")

// `medusa develop` restarts when a file in the project changes, so screenshots are written after it stops.
const shots: { name: string; data: Buffer }[] = []
const shoot = async (name: string, target: Page | ReturnType<Page["getByTestId"]>) => {
  shots.push({ name, data: await target.screenshot({ animations: "disabled" }) })
}

;(hasChromium ? describe : describe.skip)("admin in a real browser", () => {
  let host: any
  let context: BrowserContext
  let page: Page
  let userDataDir: string
  const started = Date.now()
  const lap = (text: string) => say(`${((Date.now() - started) / 1000).toFixed(1)} s  ${text}`)

  beforeAll(async () => {
    fs.rmSync(logFile, { force: true })
    await database.create()
    host = await startHost({ databaseUrl, logFile, step: lap, env: { LOG_LEVEL: "http" } })
    lap(`host ready: admin ${host.adminUrl}, simulator ${host.simulatorUrl}, ATOL ${host.atolUrl ?? "none"}`)

    const { chromium } = await import("playwright-core")
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "in-store-chromium-"))
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: LAUNCH_FLAGS,
      viewport: { width: 1440, height: 1000 },
      deviceScaleFactor: 2,
      locale: "en-US",
    })
    page = context.pages()[0] ?? (await context.newPage())
    page.setDefaultTimeout(30_000)
  })

  afterAll(async () => {
    await context?.close().catch(() => {})
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true })
    await host?.stop()
    await database.drop()
    const dir = path.join(root, "screenshots")
    fs.mkdirSync(dir, { recursive: true })
    for (const shot of shots) fs.writeFileSync(path.join(dir, `${shot.name}.png`), shot.data)
    if (shots.length) say(`screenshots: ${shots.map((s) => `screenshots/${s.name}.png`).join(", ")}`)
    say(`Medusa's log: ${path.relative(root, logFile)}`)
  })

  /** What the terminal simulator's buttons do: perform a link (pay or refund) with an outcome, as its page would. */
  const simulate = (link: string, outcome: string): Promise<any> =>
    fetch(`${host.simulatorUrl}/api/result`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ link, outcome }),
    }).then((r) => r.json())

  it("logs in to the admin", async () => {
    // The first visit compiles the admin (vite): allow for a cold cache.
    await page.goto(`${host.adminUrl}/login`, { timeout: 180_000 })
    await page.locator('input[name="email"]').waitFor({ timeout: 180_000 })
    await page.fill('input[name="email"]', host.adminEmail)
    await page.fill('input[name="password"]', host.adminPassword)
    await page.click('button[type="submit"]')
    await page.waitForURL(/\/app\/orders/, { timeout: 120_000 })
    lap("logged in")
  })

  it("collects an order in store: link → simulator Approve → Paid and receipt Done, without a reload", async () => {
    const order = host.demo.orders.plain
    await page.goto(`${host.adminUrl}/orders/${order.id}`)
    const widget = page.getByTestId("in-store-widget")
    await widget.waitFor()
    await expectText(widget, "Collect in store")
    const owed = Number(await page.getByTestId("in-store-owed").getAttribute("data-minor"))
    expect(owed).toBeGreaterThan(0)
    // A pickup order, unpaid: the card says why its goods cannot leave, and offers no Hand over.
    await page.locator('[data-testid="in-store-pickup"][data-state="not_ready"]').waitFor()
    await expectText(page.getByTestId("in-store-pickup-blocked"), "The goods cannot leave: the order still owes")
    expect(await page.getByTestId("in-store-hand-over").count()).toBe(0)
    expect((await page.getByTestId("in-store-pickup-code").textContent())!.trim()).toMatch(/^\d{3} \d{3}$/)
    // What Medusa's own "Fulfill items" button sends, from this page's session: refused with the gate's message.
    const refused = await fulfillFromPage(page, order.id)
    expect(refused.status).toBe(400)
    expect(refused.message).toMatch(/^Order #\d+ still owes [\d ]+,\d{2} RUB: its goods cannot be fulfilled/)
    await shoot("widget-0-owed", widget)

    await page.getByTestId("in-store-collect").click()
    const link = page.getByTestId("in-store-pay-link")
    await link.waitFor()
    const payLink = (await link.getAttribute("href"))!
    expect(payLink).toMatch(/^kassa-api:\/\/payNow\?order=[A-Za-z0-9_-]+&callback=[^&]+&sig=[0-9a-f]{64}$/)
    expect(Number(await page.getByTestId("in-store-amount").getAttribute("data-minor"))).toBe(owed)
    await page.getByTestId("in-store-qr-svg").locator("svg").waitFor()
    await page.locator('[data-testid="in-store-status"][data-status="pending"]').waitFor()
    await widget.scrollIntoViewIfNeeded()
    await shoot("widget-1-pending", widget)
    lap("pay link on the page")

    // Full screen for a phone at arm's length: at least 800 CSS px on this 1440×1000 screen.
    await page.getByTestId("in-store-qr").click()
    const large = page.getByTestId("in-store-qr-large")
    const box = (await large.locator("svg").boundingBox())!
    expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(800)
    await page.keyboard.press("Escape")
    await large.waitFor({ state: "detached" })

    // The terminal app: the simulator reads the link, shows the amount and lines, and sends the signed result.
    const terminal = await context.newPage()
    await terminal.goto(host.simulatorUrl)
    await terminal.getByTestId("link").fill(payLink)
    await terminal.getByTestId("load").click()
    await expectText(terminal.getByTestId("signature"), "counter-1")
    expect(Number(await terminal.getByTestId("amount").getAttribute("data-minor"))).toBe(owed)
    await shoot("simulator", terminal)

    // Timed inside the pages (one machine, one clock): the Approve click event in the simulator, and the
    // DOM mutation that shows Paid in the admin. Playwright's own polling would add up to 0.5 s.
    await page.bringToFront()
    await page.evaluate(() => {
      const w = window as any
      w.__sameDocument = true
      const paid = () => document.querySelector('[data-testid="in-store-status"][data-status="paid"]')
      new MutationObserver((_, observer) => {
        if (paid()) {
          w.__paidAt = Date.now()
          observer.disconnect()
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true })
    })
    await terminal.evaluate(() =>
      document
        .querySelector('[data-testid="approve"]')!
        .addEventListener("click", () => ((window as any).__clickedAt = Date.now()), { capture: true })
    )
    await terminal.getByTestId("approve").click()
    await page.locator('[data-testid="in-store-status"][data-status="paid"]').waitFor({ timeout: 30_000 })
    const approveToPaid =
      (await page.evaluate(() => (window as any).__paidAt as number)) -
      (await terminal.evaluate(() => (window as any).__clickedAt as number))
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true)
    const answered = terminal.locator('[data-testid="result"][data-http-status="200"]')
    await answered.waitFor({ timeout: 10_000 })
    const callbackMs = await answered.getAttribute("data-callback-ms")
    say(`Approve → Paid on screen: ${approveToPaid} ms (the store answered the terminal's callback in ${callbackMs} ms)`)

    const paid = page.getByTestId("in-store-paid")
    expect((await page.getByTestId("in-store-transaction").textContent())!.trim()).toMatch(/^SIM-/)
    expect((await page.getByTestId("in-store-card").textContent())!.trim()).toBe("220220******4242")
    expect((await page.getByTestId("in-store-paid-at").textContent())!.trim()).not.toBe("—")
    await expectText(page.getByTestId("in-store-disabled-reason"), "owes nothing")
    await expectText(page.getByTestId("in-store-owed"), "0.00")
    // Medusa's own order page (its payment badge) catches up without a reload.
    await page.getByText("Captured", { exact: true }).first().waitFor({ timeout: 15_000 })
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true)

    if (host.atolUrl) {
      const doneAt = Date.now()
      await paid.locator('[data-testid="in-store-receipt-status"][data-status="done"]').waitFor({ timeout: 120_000 })
      say(`Paid → receipt Done on screen: ${Date.now() - doneAt} ms`)
      expect((await page.getByTestId("in-store-fiscal").textContent())!).toMatch(/FN\s*\d+/)
      expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true)
    } else {
      say("no ATOL Online emulator (dev/atol-emulator) in this tree: receipt Done not checked")
    }
    await page.waitForTimeout(300)
    await widget.scrollIntoViewIfNeeded()
    await shoot("widget-2-paid", widget)
    await terminal.close()
    expect(approveToPaid).toBeGreaterThan(0)
    // A sanity bound only (a busy CI machine is slow): the figure itself is reported above.
    expect(approveToPaid).toBeLessThan(15_000)
  })

  it("hands the paid pickup order over: packed, Ready for pickup, Hand over with the customer's code, who and when", async () => {
    const order = host.demo.orders.plain
    await page.goto(`${host.adminUrl}/orders/${order.id}`)
    const widget = page.getByTestId("in-store-widget")
    await widget.waitFor()
    await expectText(page.getByTestId("in-store-pickup-unfulfilled"), "Create the fulfillment")
    expect(await page.getByTestId("in-store-pickup-blocked").count()).toBe(0)
    const fulfilled = await fulfillFromPage(page, order.id)
    expect(fulfilled.status).toBe(200)
    // The card follows on its own: ready, with the Hand over button.
    await page.locator('[data-testid="in-store-pickup"][data-state="ready"]').waitFor({ timeout: 15_000 })
    const code = (await page.getByTestId("in-store-pickup-code").textContent())!.trim()
    await page.getByTestId("in-store-pickup-code-input").fill(code)
    await widget.scrollIntoViewIfNeeded()
    await shoot("widget-7-pickup-ready", widget)
    await page.getByTestId("in-store-hand-over").click()
    await page.locator('[data-testid="in-store-pickup"][data-state="handed_over"]').waitFor({ timeout: 15_000 })
    await expectText(page.getByTestId("in-store-pickup-handed-over"), "Handed over")
    await expectText(page.getByTestId("in-store-pickup-handed-over"), "code checked")
    expect(await page.getByTestId("in-store-hand-over").count()).toBe(0)
    await widget.scrollIntoViewIfNeeded()
    await shoot("widget-8-pickup-handed-over", widget)
    lap("pickup handed over")
  })

  it("cancels a link; shows a wrong amount with its verdict and a decline; then a refused receipt and its Retry", async () => {
    const order = host.demo.orders.promoted
    await page.goto(`${host.adminUrl}/orders/${order.id}`)
    // A link the seller takes back: Cancel link, confirmed in the admin's own prompt.
    await page.getByTestId("in-store-collect").click()
    const canceledLink = (await page.getByTestId("in-store-pay-link").getAttribute("href"))!
    await page.getByTestId("in-store-cancel").click()
    await page.getByRole("alertdialog").getByRole("button", { name: "Cancel link" }).click()
    await page.locator('[data-testid="in-store-status"][data-status="canceled"]').waitFor()

    await page.getByTestId("in-store-collect").click()
    const payLink = (await page.getByTestId("in-store-pay-link").getAttribute("href"))!
    expect(payLink).not.toBe(canceledLink)

    const terminal = await context.newPage()
    await terminal.goto(`${host.simulatorUrl}/?link=${encodeURIComponent(payLink)}`)
    await terminal.getByTestId("signature").waitFor()
    await terminal.getByTestId("wrong-amount").click()
    await terminal.locator('[data-testid="result"][data-http-status="422"]').waitFor()
    await terminal.getByTestId("decline").click()
    await terminal.locator('[data-testid="result"][data-http-status="200"]').waitFor()
    await terminal.close()

    await page.bringToFront()
    await page.locator('[data-testid="in-store-status"][data-status="failed"]').waitFor({ timeout: 10_000 })
    const rejected = page.getByTestId("in-store-rejected")
    await rejected.locator('[data-verdict="amount_mismatch"]').waitFor()
    await expectText(rejected, "Wrong amount")
    await expectText(rejected, "instead of")
    await expectText(page.getByTestId("in-store-collect"), "Collect again")
    await page.getByTestId("in-store-widget").scrollIntoViewIfNeeded()
    await shoot("widget-3-rejected", page.getByTestId("in-store-widget"))

    if (!host.atol) return
    // The register refuses the next document: the seller sees the error and retries from the widget.
    host.atol.setFaults({ fail_next: { code: 5, text: "Ошибка ФН / FN error (emulator)", type: "driver" } })
    await page.getByTestId("in-store-collect").click()
    const secondLink = (await page.getByTestId("in-store-pay-link").getAttribute("href"))!
    expect(secondLink).not.toBe(payLink)
    const approved = await simulate(secondLink, "approve")
    expect(approved.http_status).toBe(200)
    const receipt = page.getByTestId("in-store-receipt")
    await receipt.locator('[data-testid="in-store-receipt-status"][data-status="failed"]').waitFor({ timeout: 60_000 })
    await expectText(page.getByTestId("in-store-receipt-error"), "FN error")
    await page.getByTestId("in-store-widget").scrollIntoViewIfNeeded()
    await shoot("widget-4-receipt-failed", page.getByTestId("in-store-widget"))
    await page.getByTestId("in-store-receipt-retry").click()
    await receipt.locator('[data-testid="in-store-receipt-status"][data-status="done"]').waitFor({ timeout: 60_000 })
    lap("refused receipt retried from the widget: Done")
  })

  it("lists payments and receipts on their pages, and speaks Russian when the admin does", async () => {
    await page.goto(`${host.adminUrl}/in-store-payments?status=paid`)
    await page.getByTestId("in-store-payment-row").first().waitFor()
    expect(await page.getByTestId("in-store-payment-row").count()).toBe(host.atol ? 2 : 1)
    await page.goto(`${host.adminUrl}/in-store-payments?status=failed`)
    await page.getByTestId("in-store-payment-row").first().waitFor()
    expect(await page.getByTestId("in-store-payment-row").count()).toBe(1)
    await shoot("page-payments", page)

    if (host.atolUrl) {
      await page.goto(`${host.adminUrl}/fiscal-receipts`)
      await page.getByTestId("fiscal-receipt-row").first().click()
      await expectText(page.getByTestId("fiscal-receipt-request"), '"items"')
      await shoot("page-receipts", page)
    }

    // The profile's language choice is kept where i18next's detector reads it (cookie and localStorage
    // "lng", as i18n.changeLanguage stores it); the widget follows it.
    const setLanguage = (lng: string) =>
      page.evaluate((l) => {
        window.localStorage.setItem("lng", l)
        document.cookie = `lng=${l}; path=/`
      }, lng)
    await setLanguage("ru")
    await page.goto(`${host.adminUrl}/orders/${host.demo.orders.plain.id}`)
    await expectText(page.getByTestId("in-store-widget"), "Оплата в пункте выдачи")
    await expectText(page.getByTestId("in-store-status"), "Оплачено")
    await page.getByTestId("in-store-widget").scrollIntoViewIfNeeded()
    await shoot("widget-ru", page.getByTestId("in-store-widget"))
    await setLanguage("en")
  })

  it("shows Paid — registering in the order, and no Collect button, while Medusa's capture is retried", async () => {
    const order = await placeOrder(fetchClient(host.baseUrl), host.demo.seed, {
      items: [{ handle: "ceramic-mug", quantity: 1 }],
    })
    // Medusa's next capture insert fails (a trigger in the host's database), as a crash or outage would.
    const removeCaptureFault = await injectFault((sql) => database.query(sql), {
      name: "in_store_browser_fault",
      table: "capture",
      times: 1,
      message: "injected fault (browser test)",
    })

    await page.goto(`${host.adminUrl}/orders/${order.id}`)
    await page.getByTestId("in-store-collect").click()
    const payLink = (await page.getByTestId("in-store-pay-link").getAttribute("href"))!
    const approved = await simulate(payLink, "approve")
    expect(approved.http_status).toBe(200)

    await page.locator('[data-testid="in-store-status"][data-status="paid"]').waitFor({ timeout: 10_000 })
    await expectText(page.getByTestId("in-store-registering"), "registering in the order")
    await expectText(page.getByTestId("in-store-capture-error"), "injected fault")
    await expectText(page.getByTestId("in-store-owed"), "0.00")
    expect(await page.getByTestId("in-store-collect").count()).toBe(0)
    await page.getByTestId("in-store-widget").scrollIntoViewIfNeeded()
    await shoot("widget-5-registering", page.getByTestId("in-store-widget"))
    await removeCaptureFault()
    lap("paid but not captured: registering, no Collect button")
  })

  it("collects through an SBP QR: the customer pays it in a banking app, Paid without a reload", async () => {
    if (!host.acquirers?.tbank) return say("no T-Bank emulator in this tree: SBP not checked")
    const order = await placeOrder(fetchClient(host.baseUrl), host.demo.seed, { items: [{ handle: "dark-chocolate", quantity: 2 }] })
    // This counter's browser uses the SBP terminal (the widget remembers the choice per browser).
    await page.evaluate(() => window.localStorage.setItem("medusa-in-store-payment:terminal", "sbp-tbank"))
    await page.goto(`${host.adminUrl}/orders/${order.id}`)
    await page.getByTestId("in-store-collect").click()
    await page.locator('[data-testid="in-store-acquirer"][data-acquirer="tbank"]').waitFor()
    await expectText(page.getByTestId("in-store-countdown"), "expires in")
    await page.getByTestId("in-store-qr-svg").locator("svg").waitFor()
    const payload = (await page.getByTestId("in-store-qr").getAttribute("data-qr-payload"))!
    expect(payload).toMatch(/^https:\/\/qr\.nspk\.ru\//)
    await page.getByTestId("in-store-widget").scrollIntoViewIfNeeded()
    await shoot("widget-6-sbp-pending", page.getByTestId("in-store-widget"))

    const bank = await context.newPage()
    await bank.goto(host.simulatorUrl)
    await bank.getByTestId("sbp-payload").fill(payload)
    await bank.getByTestId("sbp-pay").click()
    await bank.locator('[data-testid="sbp-result"][data-paid="true"]').waitFor()
    await bank.close()

    await page.bringToFront()
    await page.locator('[data-testid="in-store-status"][data-status="paid"]').waitFor({ timeout: 15_000 })
    expect((await page.getByTestId("in-store-transaction").textContent())!.trim()).toMatch(/^\d+$/)
    await page.evaluate(() => window.localStorage.removeItem("medusa-in-store-payment:terminal"))
    lap("SBP QR paid in the banking app: Paid")

    // A refund from the card goes to the acquirer at once. Here the money moves and Medusa writes its refund, but the
    // order's transaction fails: the card shows it as being recorded, with the error — no terminal link to wait on,
    // nothing to cancel, no second Refund meanwhile (the refunds job finishes it).
    const removeFault = await injectFault((sql) => database.query(sql), {
      name: "in_store_browser_refund_fault",
      table: "order_transaction",
      when: "NEW.reference = 'refund'",
      message: "injected transaction fault (browser test)",
    })
    try {
      await page.getByTestId("in-store-refund").click({ timeout: 30_000 })
      const form = page.getByTestId("in-store-refund-form")
      await form.getByTestId("in-store-refund-mode-amount").click()
      await form.getByTestId("in-store-refund-amount-input").fill("5")
      await form.getByTestId("in-store-refund-submit").click()
      const row = page.locator('[data-testid="in-store-refund-row"][data-status="pending"]')
      await row.waitFor({ timeout: 15_000 })
      await expectText(row.getByTestId("in-store-refund-status"), "Money returned, being recorded")
      await expectText(row.getByTestId("in-store-refund-error"), "injected transaction fault")
      expect(await page.getByTestId("in-store-refund-pending").count()).toBe(0)
      expect(await page.getByTestId("in-store-refund").count()).toBe(0)
      await page.getByTestId("in-store-refunds").scrollIntoViewIfNeeded()
      await shoot("widget-6b-sbp-refund-recording", page.getByTestId("in-store-widget"))
    } finally {
      await removeFault()
    }
    lap("SBP refund whose record failed midway: shown as being recorded, with the error")
  })

  it("Refund from the card, approve in the simulator, refund Done with its receipt", async () => {
    // An order of its own, paid through the simulator, so the earlier cases' cards stay as they were.
    const order = await placeOrder(fetchClient(host.baseUrl), host.demo.seed, {
      items: [
        { handle: "ceramic-mug", quantity: 2 },
        { handle: "dark-chocolate", quantity: 1 },
      ],
    })
    await page.goto(`${host.adminUrl}/orders/${order.id}`)
    await page.getByTestId("in-store-collect").click()
    const payLink = (await page.getByTestId("in-store-pay-link").getAttribute("href"))!
    const paid = await simulate(payLink, "approve")
    expect(paid.http_status).toBe(200)

    // Refund is offered once the payment is captured in Medusa.
    const refunds = page.getByTestId("in-store-refunds")
    await refunds.getByTestId("in-store-refund").waitFor({ timeout: 30_000 })
    const refundable = Number(await page.getByTestId("in-store-refundable").getAttribute("data-minor"))
    expect(refundable).toBe(Number(paid.sent.amount))
    await page.getByTestId("in-store-refund").click()
    const form = page.getByTestId("in-store-refund-form")
    await form.waitFor()
    await form.getByTestId("in-store-refund-mode-items").click()
    const mug = form.getByTestId("in-store-refund-item").filter({ hasText: "Ceramic mug" })
    await mug.getByTestId("in-store-refund-quantity").fill("1")
    // One mug at its price, 333.33 ₽, before the backend spreads any discount.
    expect(await form.getByTestId("in-store-refund-estimate").getAttribute("data-minor")).toBe("33333")
    await shoot("widget-7-refund-form", form)
    await form.getByTestId("in-store-refund-submit").click()
    await form.waitFor({ state: "detached" })

    const pending = page.getByTestId("in-store-refund-pending")
    await pending.waitFor()
    await pending.locator('[data-testid="in-store-refund-status"][data-status="pending"]').waitFor()
    await expectText(pending.getByTestId("in-store-refund-lines"), "Ceramic mug × 1")
    const refundAmount = Number(await pending.getByTestId("in-store-refund-amount").getAttribute("data-minor"))
    expect(refundAmount).toBeGreaterThan(0)
    expect(refundAmount).toBeLessThanOrEqual(33333)
    const refundLink = (await pending.getByTestId("in-store-refund-link").getAttribute("href"))!
    expect(refundLink).toMatch(/^kassa-api:\/\/refund\?refund=[A-Za-z0-9_-]+&callback=[^&]+&sig=[0-9a-f]{64}$/)
    // The QR: the server's SVG of the refund's short link, shown as an image that decodes.
    const qr = pending.getByTestId("in-store-refund-qr")
    const shortLink = (await qr.getAttribute("data-qr-payload"))!
    expect(shortLink).toMatch(/\/hooks\/in-store\/links\/[A-Za-z0-9_-]{22}$/)
    // A terminal scanning the QR gets the same signed refund link from the short URL (the simulator resolves it).
    const scanned = await fetch(`${host.simulatorUrl}/api/read`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ link: shortLink }),
    }).then((r) => r.json())
    expect(scanned).toMatchObject({ kind: "refund", link: refundLink, signature_valid: true })
    expect(await qr.locator("img").evaluate((img: HTMLImageElement) => img.decode().then(() => img.src.startsWith("data:image/svg+xml")))).toBe(true)
    await expectText(pending.getByTestId("in-store-refund-countdown"), "expires in")
    await refunds.scrollIntoViewIfNeeded()
    await shoot("widget-8-refund-pending", page.getByTestId("in-store-widget"))

    const terminal = await context.newPage()
    await terminal.goto(`${host.simulatorUrl}/?link=${encodeURIComponent(refundLink)}`)
    await expectText(terminal.getByTestId("signature"), "counter-1")
    await expectText(terminal.getByTestId("operation"), "Refund")
    expect(Number(await terminal.getByTestId("amount").getAttribute("data-minor"))).toBe(refundAmount)
    await expectText(terminal.getByTestId("original-txn"), paid.sent.txn)
    await shoot("simulator-refund", terminal)
    await page.evaluate(() => ((window as any).__sameDocument = true))
    await terminal.getByTestId("approve").click()
    await terminal.locator('[data-testid="result"][data-http-status="200"]').waitFor({ timeout: 15_000 })
    const sent = await terminal.getByTestId("result").textContent()
    await terminal.close()

    await page.bringToFront()
    const row = page.locator('[data-testid="in-store-refund-row"][data-status="done"]')
    await row.waitFor({ timeout: 60_000 })
    expect(Number(await row.getByTestId("in-store-refund-amount").getAttribute("data-minor"))).toBe(refundAmount)
    expect((await row.getByTestId("in-store-refund-transaction").textContent())!).toMatch(/SIM-R-/)
    if (host.atolUrl) {
      await row.locator('[data-testid="in-store-refund-receipt-status"][data-status="done"]').waitFor({ timeout: 120_000 })
      expect((await row.getByTestId("in-store-refund-fiscal").textContent())!).toMatch(/FN\s*\d+/)
    } else {
      say("no ATOL Online emulator in this tree: the refund receipt not checked")
    }
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true)
    await page.waitForTimeout(300)
    await refunds.scrollIntoViewIfNeeded()
    await shoot("widget-9-refund-done", page.getByTestId("in-store-widget"))
    lap(`refund approved in the simulator (${sent?.split("\n")[0]}): Done with its receipt`)

    // The payments page shows the refund against its payment.
    await page.goto(`${host.adminUrl}/in-store-payments?status=paid`)
    const cell = page.locator(`[data-testid="in-store-payment-refunds-cell"][data-refunded-minor="${refundAmount}"]`)
    await cell.waitFor()
    await cell.locator('[data-testid="in-store-refund-status"][data-status="done"]').waitFor()
    await shoot("page-payments-refunds", page)
  })

  it("Refund an amount only: a refund one kopeck over is refused, the seller cancels it on the card", async () => {
    const order = await placeOrder(fetchClient(host.baseUrl), host.demo.seed, { items: [{ handle: "oolong-tea", quantity: 1 }] })
    await page.goto(`${host.adminUrl}/orders/${order.id}`)
    await page.getByTestId("in-store-collect").click()
    const payLink = (await page.getByTestId("in-store-pay-link").getAttribute("href"))!
    const paid = await simulate(payLink, "approve")
    expect(paid.http_status).toBe(200)

    await page.getByTestId("in-store-refund").click({ timeout: 30_000 })
    const form = page.getByTestId("in-store-refund-form")
    await form.getByTestId("in-store-refund-mode-amount").click()
    // Typed the Russian way, in roubles: 10,50 ₽ is 1050 kopecks.
    await form.getByTestId("in-store-refund-amount-input").fill("10,50")
    expect(await form.getByTestId("in-store-refund-estimate").getAttribute("data-minor")).toBe("1050")
    await form.getByTestId("in-store-refund-submit").click()
    const pending = page.getByTestId("in-store-refund-pending")
    await pending.waitFor()
    expect(Number(await pending.getByTestId("in-store-refund-amount").getAttribute("data-minor"))).toBe(1050)
    await expectText(pending.getByTestId("in-store-refund-lines"), "Amount only")
    const refundLink = (await pending.getByTestId("in-store-refund-link").getAttribute("href"))!

    const wrong = await simulate(refundLink, "wrong-amount")
    expect(wrong.sent.amount).toBe("1051")
    expect(wrong.http_status).toBe(422)
    // The card lists the refused refund result against the refund's amount, and the refund stays pending.
    const refused = page.locator('[data-testid="in-store-callback-event"][data-op="refund"][data-verdict="amount_mismatch"]')
    await refused.waitFor({ timeout: 10_000 })
    await expectText(refused, "instead of ₽10.50")
    await pending.locator('[data-testid="in-store-refund-status"][data-status="pending"]').waitFor()

    await pending.getByTestId("in-store-refund-cancel").click()
    await page.getByRole("alertdialog").getByRole("button", { name: "Cancel refund" }).click()
    await page.locator('[data-testid="in-store-refund-row"][data-status="canceled"]').waitFor({ timeout: 10_000 })
    expect(await page.getByTestId("in-store-refund-pending").count()).toBe(0)
    // Nothing was refunded: the whole payment can still be refunded, and Refund is offered again.
    expect(Number(await page.getByTestId("in-store-refundable").getAttribute("data-minor"))).toBe(Number(paid.sent.amount))
    await page.getByTestId("in-store-refund").waitFor()
    await page.getByTestId("in-store-refunds").scrollIntoViewIfNeeded()
    await shoot("widget-10-refund-canceled", page.getByTestId("in-store-widget"))
    lap("amount-only refund: one kopeck over refused (422), canceled on the card")
  })

  it("Refund the items of a Medusa return: chosen in the form, approved on the terminal, Done", async () => {
    const api = fetchClient(host.baseUrl)
    const admin = { headers: { authorization: `Bearer ${host.adminToken}` } }
    const order = await placeOrder(api, host.demo.seed, { items: [{ handle: "usb-c-cable", quantity: 2 }] })
    await page.goto(`${host.adminUrl}/orders/${order.id}`)
    await page.getByTestId("in-store-collect").click()
    const payLink = (await page.getByTestId("in-store-pay-link").getAttribute("href"))!
    const paid = await simulate(payLink, "approve")
    expect(paid.http_status).toBe(200)
    await page.getByTestId("in-store-refund").waitFor({ timeout: 30_000 })

    // The seller handed the goods over, then the customer returned one cable: Medusa's own return.
    const { data } = await api.get(`/admin/orders/${order.id}?fields=id,*items`, admin)
    const location = { location_id: host.demo.seed.stock_location_id }
    await api.post(`/admin/orders/${order.id}/fulfillments`, { items: data.order.items.map((i: any) => ({ id: i.id, quantity: i.quantity })), ...location }, admin)
    const created = await api.post(`/admin/returns`, { order_id: order.id, ...location }, admin)
    const returnId = created.data.return.id
    await api.post(`/admin/returns/${returnId}/request-items`, { items: [{ id: data.order.items[0].id, quantity: 1 }] }, admin)
    await api.post(`/admin/returns/${returnId}/request`, {}, admin)

    // No reload: opening the form asks for fresh options, and with a return in the order the form starts on it.
    await page.getByTestId("in-store-refund").click()
    const form = page.getByTestId("in-store-refund-form")
    await form.locator('[data-testid="in-store-refund-mode-return"][data-state="checked"]').waitFor()
    await expectText(form.getByTestId("in-store-refund-return"), "USB-C cable × 1")
    expect(await form.getByTestId("in-store-refund-estimate").getAttribute("data-minor")).toBe("74950")
    await shoot("widget-11-refund-return-form", form)
    await form.getByTestId("in-store-refund-submit").click()
    const pending = page.getByTestId("in-store-refund-pending")
    await pending.waitFor()
    expect(Number(await pending.getByTestId("in-store-refund-amount").getAttribute("data-minor"))).toBe(74950)
    const refundLink = (await pending.getByTestId("in-store-refund-link").getAttribute("href"))!
    const approved = await simulate(refundLink, "approve")
    expect(approved.http_status).toBe(200)
    await page.locator('[data-testid="in-store-refund-row"][data-status="done"]').waitFor({ timeout: 60_000 })
    // That return is refunded: the form no longer offers it.
    await page.getByTestId("in-store-refund").click()
    await form.getByTestId("in-store-refund-mode-items").waitFor()
    expect(await form.getByTestId("in-store-refund-mode-return").count()).toBe(0)
    await page.keyboard.press("Escape")
    lap("refund of a Medusa return's items: Done")
  })
})

/** POST /admin/orders/:id/fulfillments of every item, with the admin page's own session (Medusa's button does this). */
async function fulfillFromPage(page: Page, orderId: string): Promise<{ status: number; message?: string }> {
  return page.evaluate(async (id) => {
    const get = await fetch(`/admin/orders/${id}?fields=id,*items`, { credentials: "include" })
    const { order } = await get.json()
    const res = await fetch(`/admin/orders/${id}/fulfillments`, {
      method: "POST",
      credentials: "include",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ items: order.items.map((item: any) => ({ id: item.id, quantity: item.quantity })) }),
    })
    const body = await res.json()
    return { status: res.status, message: body.message }
  }, orderId)
}

async function expectText(locator: { textContent: () => Promise<string | null>; waitFor: (o?: any) => Promise<void> }, text: string) {
  const deadline = Date.now() + 15_000
  let last: string | null = null
  while (Date.now() < deadline) {
    await locator.waitFor()
    last = await locator.textContent()
    if (last?.includes(text)) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`expected text "${text}", got "${last}"`)
}
