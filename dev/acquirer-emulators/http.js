// What every acquirer emulator's server needs from a request: its body, refused past a size (as a real API would).

/** Reads a request body as UTF-8 text; rejects (and drops the connection) past `maxBytes`. */
function readLimitedBody(req, maxBytes) {
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    req.on("data", (c) => {
      size += c.length
      if (size > maxBytes) {
        reject(new Error("body too large"))
        req.destroy()
      } else chunks.push(c)
    })
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })
}

/** Starts `server` on host:port (0: a free one) and resolves with its origin, http://host:port. */
async function listen(server, port, host) {
  await new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const address = server.address()
  return `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`
}

module.exports = { readLimitedBody, listen }
