import { Table } from "@medusajs/ui"
import { useTranslation } from "react-i18next"

/** Server-side paging: the page shows `limit` rows from `offset` of `count`. */
export function Pager({ count, limit, offset, onOffset }: { count: number; limit: number; offset: number; onOffset: (offset: number) => void }) {
  const { t } = useTranslation()
  const pageCount = Math.max(1, Math.ceil(count / limit))
  const pageIndex = Math.floor(offset / limit)
  return (
    <Table.Pagination
      count={count}
      pageSize={limit}
      pageIndex={pageIndex}
      pageCount={pageCount}
      canPreviousPage={offset > 0}
      canNextPage={offset + limit < count}
      previousPage={() => onOffset(Math.max(0, offset - limit))}
      nextPage={() => onOffset(offset + limit)}
      translations={{
        of: t("inStore.pager.of"),
        results: t("inStore.pager.results"),
        pages: t("inStore.pager.pages"),
        prev: t("inStore.pager.prev"),
        next: t("inStore.pager.next"),
      }}
    />
  )
}
