import { createOrderFulfillmentWorkflow, createOrderShipmentWorkflow } from "@medusajs/medusa/core-flows"
import { assertPickupMayLeave, orderOfFulfillment } from "../../lib/pickup/pickup-order"

// The payment gate inside Medusa's own workflows (ADR 8). Medusa offers no hook before these workflows write,
// so a throw here fails the workflow and Medusa compensates what it wrote (the shipment, or a fulfillment made
// through another provider than ours for a pickup order; ours refuses before writing, in createFulfillment).

createOrderShipmentWorkflow.hooks.shipmentCreated(async ({ shipment }, { container }) => {
  const orderId = await orderOfFulfillment(container, (shipment as { id: string }).id)
  if (orderId) await assertPickupMayLeave(container, orderId, "ship")
})

createOrderFulfillmentWorkflow.hooks.fulfillmentCreated(async ({ fulfillment }, { container }) => {
  const orderId = await orderOfFulfillment(container, fulfillment.id)
  if (orderId) await assertPickupMayLeave(container, orderId, "fulfill")
})
