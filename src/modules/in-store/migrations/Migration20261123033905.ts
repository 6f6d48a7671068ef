import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123033905 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "in_store_callback_event" ("id" text not null, "in_store_payment_id" text not null, "order_id" text null, "terminal_id" text null, "verdict" text check ("verdict" in ('accepted', 'duplicate', 'bad_signature', 'stale', 'malformed', 'amount_mismatch', 'conflict', 'unconfirmed')) not null, "http_status" integer not null, "params" jsonb not null, "message" text null, "received_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "in_store_callback_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_in_store_callback_event_deleted_at" ON "in_store_callback_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_in_store_callback_event_in_store_payment_id_received_at" ON "in_store_callback_event" ("in_store_payment_id", "received_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_in_store_callback_event_order_id" ON "in_store_callback_event" ("order_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "in_store_payment" ("id" text not null, "order_id" text not null, "display_id" text null, "payment_collection_id" text null, "payment_session_id" text null, "status" text check ("status" in ('pending', 'paid', 'failed', 'canceled', 'expired')) not null default 'pending', "amount" numeric not null, "currency_code" text not null, "terminal_id" text not null, "receipt_by" text check ("receipt_by" in ('store', 'terminal', 'none')) not null default 'store', "pay_link" text not null, "lines" jsonb not null, "expires_at" timestamptz not null, "paid_at" timestamptz null, "captured_at" timestamptz null, "transaction_id" text null, "result" jsonb null, "terminal_receipt" jsonb null, "canceled_at" timestamptz null, "raw_amount" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "in_store_payment_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_in_store_payment_deleted_at" ON "in_store_payment" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_in_store_payment_order_id" ON "in_store_payment" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_in_store_payment_one_pending_per_order" ON "in_store_payment" ("order_id") WHERE status = 'pending' AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_in_store_payment_status_expires_at" ON "in_store_payment" ("status", "expires_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "in_store_callback_event" cascade;`);

    this.addSql(`drop table if exists "in_store_payment" cascade;`);
  }

}
