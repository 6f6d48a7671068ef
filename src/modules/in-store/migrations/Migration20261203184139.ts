import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203184139 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "in_store_refund" drop constraint if exists "in_store_refund_medusa_refund_unique";`);
    this.addSql(`alter table if exists "in_store_refund" drop constraint if exists "in_store_refund_link_token_unique";`);
    this.addSql(`create table if not exists "in_store_refund" ("id" text not null, "in_store_payment_id" text not null, "order_id" text not null, "terminal_id" text not null, "via" text check ("via" in ('terminal', 'acquirer')) not null, "status" text check ("status" in ('pending', 'confirmed', 'done', 'failed', 'canceled', 'expired')) not null default 'pending', "amount" numeric not null, "currency_code" text not null, "basis" text check ("basis" in ('return', 'items', 'amount', 'medusa')) not null, "return_id" text null, "note" text null, "lines" jsonb not null, "refund_link" text null, "link_token" text null, "original_txn" text null, "expires_at" timestamptz not null, "transaction_id" text null, "result" jsonb null, "terminal_receipt" jsonb null, "confirmed_at" timestamptz null, "medusa_refund_id" text null, "record_attempts" integer not null default 0, "next_record_at" timestamptz null, "error" text null, "created_by" text null, "raw_amount" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "in_store_refund_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_in_store_refund_deleted_at" ON "in_store_refund" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_in_store_refund_in_store_payment_id" ON "in_store_refund" ("in_store_payment_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_in_store_refund_order_id" ON "in_store_refund" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_in_store_refund_one_pending_per_payment" ON "in_store_refund" ("in_store_payment_id") WHERE status = 'pending' AND deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_in_store_refund_link_token_unique" ON "in_store_refund" ("link_token") WHERE link_token IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_in_store_refund_medusa_refund_unique" ON "in_store_refund" ("medusa_refund_id") WHERE medusa_refund_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_in_store_refund_status_next_record_at" ON "in_store_refund" ("status", "next_record_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "in_store_callback_event" drop constraint if exists "in_store_callback_event_verdict_check";`);

    this.addSql(`alter table if exists "in_store_callback_event" add column if not exists "in_store_refund_id" text null;`);
    this.addSql(`alter table if exists "in_store_callback_event" add constraint "in_store_callback_event_verdict_check" check("verdict" in ('accepted', 'duplicate', 'bad_signature', 'stale', 'malformed', 'amount_mismatch', 'conflict', 'unconfirmed', 'too_large', 'unknown_transaction'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "in_store_refund" cascade;`);

    this.addSql(`alter table if exists "in_store_callback_event" drop constraint if exists "in_store_callback_event_verdict_check";`);

    this.addSql(`alter table if exists "in_store_callback_event" drop column if exists "in_store_refund_id";`);

    this.addSql(`alter table if exists "in_store_callback_event" add constraint "in_store_callback_event_verdict_check" check("verdict" in ('accepted', 'duplicate', 'bad_signature', 'stale', 'malformed', 'amount_mismatch', 'conflict', 'unconfirmed', 'too_large'));`);
  }

}
