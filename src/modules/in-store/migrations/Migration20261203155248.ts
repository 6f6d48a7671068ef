import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203155248 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "in_store_payment" drop constraint if exists "in_store_payment_link_token_unique";`);
    this.addSql(`alter table if exists "in_store_callback_event" drop constraint if exists "in_store_callback_event_aggregate_key_unique";`);
    this.addSql(`alter table if exists "in_store_callback_event" drop constraint if exists "in_store_callback_event_verdict_check";`);

    this.addSql(`alter table if exists "fiscal_receipt" add column if not exists "lease_token" text null;`);

    this.addSql(`alter table if exists "in_store_callback_event" add column if not exists "authenticated" boolean not null default true, add column if not exists "repeat_count" integer not null default 1, add column if not exists "last_received_at" timestamptz null, add column if not exists "aggregate_key" text null;`);
    this.addSql(`alter table if exists "in_store_callback_event" add constraint "in_store_callback_event_verdict_check" check("verdict" in ('accepted', 'duplicate', 'bad_signature', 'stale', 'malformed', 'amount_mismatch', 'conflict', 'unconfirmed', 'too_large'));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_in_store_callback_event_aggregate_key_unique" ON "in_store_callback_event" ("aggregate_key") WHERE aggregate_key IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`alter table if exists "in_store_payment" add column if not exists "link_token" text null, add column if not exists "capture_attempts" integer not null default 0, add column if not exists "next_capture_at" timestamptz null, add column if not exists "capture_error" text null;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_in_store_payment_link_token_unique" ON "in_store_payment" ("link_token") WHERE link_token IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_in_store_payment_status_next_capture_at" ON "in_store_payment" ("status", "next_capture_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "in_store_callback_event" drop constraint if exists "in_store_callback_event_verdict_check";`);

    this.addSql(`alter table if exists "fiscal_receipt" drop column if exists "lease_token";`);

    this.addSql(`drop index if exists "IDX_in_store_callback_event_aggregate_key_unique";`);
    this.addSql(`alter table if exists "in_store_callback_event" drop column if exists "authenticated", drop column if exists "repeat_count", drop column if exists "last_received_at", drop column if exists "aggregate_key";`);

    this.addSql(`alter table if exists "in_store_callback_event" add constraint "in_store_callback_event_verdict_check" check("verdict" in ('accepted', 'duplicate', 'bad_signature', 'stale', 'malformed', 'amount_mismatch', 'conflict', 'unconfirmed'));`);

    this.addSql(`drop index if exists "IDX_in_store_payment_link_token_unique";`);
    this.addSql(`drop index if exists "IDX_in_store_payment_status_next_capture_at";`);
    this.addSql(`alter table if exists "in_store_payment" drop column if exists "link_token", drop column if exists "capture_attempts", drop column if exists "next_capture_at", drop column if exists "capture_error";`);
  }

}
