// Faults, driven over real HTTP. Each test starts from resetFaults().
import { startAtolEmulator, sampleV4Sell, sampleV5Sell, type AtolEmulator } from "./index"
import { atol, sleep } from "./spec-helpers"

const G = "in-store-demo-v5"

let emu: AtolEmulator
let api: ReturnType<typeof atol>
let tok: string

beforeAll(async () => {
  emu = await startAtolEmulator({ processing_ms: 30 })
  api = atol(emu)
  tok = await api.mustToken("v5")
})
afterAll(() => emu.stop())
afterEach(() => emu.resetFaults())

it("http_5xx: N answers the next N API requests with 500 / code 50, then recovers", async () => {
  emu.setFaults({ http_5xx: 2 })
  for (let i = 0; i < 2; i++) {
    const a = await api.register("v5", G, "sell", sampleV5Sell(), tok)
    expect([a.status, a.body.error.code]).toEqual([500, 50])
  }
  const body = sampleV5Sell()
  const ok = await api.register("v5", G, "sell", body, tok)
  expect(ok.status).toBe(200)
  expect(emu.registrations(body.external_id)).toBe(1)
})

it("http_5xx: true fails everything until cleared", async () => {
  emu.setFaults({ http_5xx: true })
  expect((await api.token("v5")).status).toBe(500)
  expect((await api.token("v5")).status).toBe(500)
  emu.setFaults({ http_5xx: false })
  expect((await api.token("v5")).status).toBe(200)
})

it("timeout: the request is processed but never answered; a resend gets 33 with the uuid", async () => {
  emu.setFaults({ timeout: 1 })
  const body = sampleV5Sell()
  const started = Date.now()
  await expect(
    api.register("v5", G, "sell", body, tok, { signal: AbortSignal.timeout(150) }),
  ).rejects.toThrow(/abort|timeout/i)
  expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  expect(emu.requests().at(-1)).toMatchObject({ held: true, status: null })
  const again = await api.register("v5", G, "sell", body, tok)
  expect([again.status, again.body.error.code]).toEqual([400, 33])
  expect(again.body.uuid).toBe(emu.documents(body.external_id)[0].uuid)
  expect(emu.registrations(body.external_id)).toBe(1)
})

it("slow_ms delays every answer", async () => {
  emu.setFaults({ slow_ms: 120 })
  const started = Date.now()
  const a = await api.token("v5")
  expect(a.status).toBe(200)
  expect(Date.now() - started).toBeGreaterThanOrEqual(110)
})

it("wait_polls: N keeps new documents in wait for N report polls", async () => {
  emu.setFaults({ wait_polls: 3 })
  const reg = await api.register("v5", G, "sell", sampleV5Sell(), tok)
  emu.setFaults({ wait_polls: 0 })
  await sleep(80) // longer than processing_ms: time alone does not finish it
  const statuses: string[] = []
  for (let i = 0; i < 4; i++) statuses.push((await api.report("v5", G, reg.body.uuid, tok)).body.status)
  expect(statuses).toEqual(["wait", "wait", "wait", "done"])
  expect(emu.documents().find((d) => d.uuid === reg.body.uuid)?.report_polls).toBe(4)
})

it("rate_limit: a second report within a second of the last gets 34 / wait", async () => {
  // The v4 group: its register has not been polled in this file yet (the
  // limit is per group and tracked whether or not it is enforced).
  const G4 = "in-store-demo-v4"
  const t4 = await api.mustToken("v4")
  const reg = await api.register("v4", G4, "sell", sampleV4Sell(), t4)
  await sleep(60)
  emu.setFaults({ rate_limit: true })
  const first = await api.report("v4", G4, reg.body.uuid, t4)
  expect(first.body.status).toBe("done")
  const second = await api.report("v4", G4, reg.body.uuid, t4)
  expect(second.status).toBe(200)
  expect(second.body).toMatchObject({ status: "wait", error: { code: 34 }, payload: null })
  expect(emu.requests().at(-1)).toMatchObject({ status: 200, code: 34 })
  expect(emu.documents().find((d) => d.uuid === reg.body.uuid)?.report_polls).toBe(1)
})

it("expire_tokens: current tokens answer 401/11 once; a new token works", async () => {
  emu.setFaults({ expire_tokens: true })
  expect(emu.faults().expire_tokens).toBe(false)
  const a = await api.register("v5", G, "sell", sampleV5Sell(), tok)
  expect([a.status, a.body.error.code]).toEqual([401, 11])
  const fresh = await api.mustToken("v5")
  expect(fresh).not.toBe(tok)
  tok = fresh
  expect((await api.register("v5", G, "sell", sampleV5Sell(), tok)).status).toBe(200)
})

it("fail_next: the next document fails after queueing with the given error", async () => {
  emu.setFaults({ fail_next: { code: 1, type: "timeout", text: "Документ не обработан за 300 секунд" } })
  const reg = await api.register("v5", G, "sell", sampleV5Sell(), tok)
  expect(reg.status).toBe(200)
  const r = await api.settle("v5", G, reg.body.uuid, tok)
  expect(r.body).toMatchObject({ status: "fail", payload: null, error: { code: 1, type: "timeout" } })
  const next = await api.register("v5", G, "sell", sampleV5Sell(), tok)
  expect((await api.settle("v5", G, next.body.uuid, tok)).body.status).toBe("done")
})

it("down: fetch throws; the control surface stays up; clearing it restores service", async () => {
  emu.setFaults({ down: true })
  await expect(api.token("v5")).rejects.toThrow()
  const faults = await (await fetch(`${emu.origin}/__emulator/faults`)).json()
  expect(faults.down).toBe(true)
  await fetch(`${emu.origin}/__emulator/faults`, { method: "POST", body: JSON.stringify({ down: false }) })
  expect((await api.token("v5")).status).toBe(200)
})

it("stop() releases a held request, so nothing keeps the process alive", async () => {
  const other = await startAtolEmulator({ faults: { timeout: true } })
  const pending = fetch(`${other.url}/v5/getToken?login=demo-v5&pass=demo-password`)
  await sleep(50)
  await other.stop()
  await expect(pending).rejects.toThrow()
})
