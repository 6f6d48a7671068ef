import { Button, Text } from "@medusajs/ui"
import { useEffect } from "react"
import { createPortal } from "react-dom"

/**
 * The QR (of the short URL, version ≤ 10) as large as the screen allows, so a phone reads it from arm's length.
 * Given as SVG markup (a payment's QR) or as an image URL (a refund's QR).
 */
export function QrOverlay({
  svg,
  imageUrl,
  caption,
  closeLabel,
  onClose,
}: {
  svg?: string
  imageUrl?: string
  caption: string
  closeLabel: string
  onClose: () => void
}) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose()
    window.addEventListener("keydown", onKey)
    return () => window.removeEventListener("keydown", onKey)
  }, [onClose])
  return createPortal(
    <div
      className="fixed inset-0 z-[100] flex flex-col items-center justify-center gap-y-4 bg-white"
      onClick={onClose}
      role="dialog"
      data-testid="in-store-qr-large"
    >
      {imageUrl ? (
        <img src={imageUrl} alt="" className="aspect-square w-[min(88vh,92vw)]" />
      ) : (
        <div className="aspect-square w-[min(88vh,92vw)] [&>svg]:h-full [&>svg]:w-full" dangerouslySetInnerHTML={{ __html: svg ?? "" }} />
      )}
      <div className="flex items-center gap-x-4">
        <Text size="xlarge" weight="plus">
          {caption}
        </Text>
        <Button variant="secondary" onClick={onClose}>
          {closeLabel}
        </Button>
      </div>
    </div>,
    document.body
  )
}
