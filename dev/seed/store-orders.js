// Places orders the way a storefront does: through the store API cart flow, over real HTTP.
// `http` is axios-like: post(path, body, { headers }) / get(path, { headers }) → { data }.

const DEFAULT_ADDRESS = {
  first_name: "Иван",
  last_name: "Петров",
  address_1: "ул. Тверская, 1",
  city: "Москва",
  country_code: "ru",
  postal_code: "125009",
  phone: "+79161234567",
}

/**
 * @param {{ post: Function, get: Function }} http
 * @param {object} seed  what seedStore() returned
 * @param {{ items: { handle: string, quantity: number }[], promo_code?: string, shipping?: "pickup" | "courier", email?: string }} spec
 * @returns {Promise<object>} the order
 */
async function placeOrder(http, seed, spec) {
  const headers = { "x-publishable-api-key": seed.publishable_key }
  const opts = { headers }
  const { data: created } = await http.post(
    "/store/carts",
    {
      region_id: seed.region_id,
      sales_channel_id: seed.sales_channel_id,
      email: spec.email || seed.customer.email,
      shipping_address: DEFAULT_ADDRESS,
      billing_address: DEFAULT_ADDRESS,
      items: spec.items.map((item) => {
        const variant_id = seed.variants[item.handle]
        if (!variant_id) throw new Error(`unknown product handle ${item.handle}`)
        return { variant_id, quantity: item.quantity }
      }),
    },
    opts
  )
  const cartId = created.cart.id
  if (spec.promo_code) {
    await http.post(`/store/carts/${cartId}/promotions`, { promo_codes: [spec.promo_code] }, opts)
  }
  const optionId = spec.shipping === "courier" ? seed.courier_option_id : seed.pickup_option_id
  await http.post(`/store/carts/${cartId}/shipping-methods`, { option_id: optionId }, opts)
  const { data: pc } = await http.post("/store/payment-collections", { cart_id: cartId }, opts)
  await http.post(
    `/store/payment-collections/${pc.payment_collection.id}/payment-sessions`,
    { provider_id: "pp_system_default" },
    opts
  )
  const { data: completed } = await http.post(`/store/carts/${cartId}/complete`, {}, opts)
  if (completed.type !== "order") {
    throw new Error(`cart ${cartId} did not complete: ${JSON.stringify(completed.error ?? completed)}`)
  }
  return completed.order
}

/** The two demo orders: a plain pickup order and one with the 10 % promotion. */
async function placeDemoOrders(http, seed) {
  const plain = await placeOrder(http, seed, {
    items: [
      { handle: "coffee-grinder", quantity: 1 },
      { handle: "coffee-beans", quantity: 2 },
    ],
  })
  const promoted = await placeOrder(http, seed, {
    items: [
      { handle: "ceramic-mug", quantity: 3 },
      { handle: "coffee-grinder", quantity: 1 },
      { handle: "dark-chocolate", quantity: 1 },
    ],
    promo_code: seed.promo_code,
  })
  return { plain, promoted }
}

/**
 * A pickup order paid online: placed like the others, then its payment captured by the admin, as a store does
 * when the online payment settles. Its handover issues the prepayment-offset receipt.
 */
async function placePrepaidPickupOrder(http, seed, admin) {
  const order = await placeOrder(http, seed, {
    items: [
      { handle: "oolong-tea", quantity: 2 },
      { handle: "usb-c-cable", quantity: 1 },
    ],
  })
  const { data } = await http.get(`/admin/orders/${order.id}?fields=id,*payment_collections.payments`, admin)
  for (const payment of data.order.payment_collections.flatMap((pc) => pc.payments)) {
    await http.post(`/admin/payments/${payment.id}/capture`, {}, admin)
  }
  return order
}

/** An axios-like client over Node's fetch, for the demo. */
function fetchClient(baseUrl) {
  const call = async (method, path, body, opts = {}) => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { "content-type": "application/json", ...(opts.headers || {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    const data = text ? JSON.parse(text) : {}
    if (!res.ok) {
      const err = new Error(`${method} ${path} → ${res.status}: ${text}`)
      err.response = { status: res.status, data }
      throw err
    }
    return { status: res.status, data }
  }
  return {
    get: (path, opts) => call("GET", path, undefined, opts),
    post: (path, body, opts) => call("POST", path, body, opts),
    delete: (path, opts) => call("DELETE", path, undefined, opts),
  }
}

module.exports = { placeOrder, placeDemoOrders, placePrepaidPickupOrder, fetchClient, DEFAULT_ADDRESS }
