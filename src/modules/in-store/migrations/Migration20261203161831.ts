import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203161831 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "in_store_payment" drop constraint if exists "in_store_payment_acquirer_payment_unique";`);
    this.addSql(`alter table if exists "in_store_payment" add column if not exists "acquirer" text null, add column if not exists "acquirer_payment_id" text null, add column if not exists "acquirer_status" text null, add column if not exists "next_poll_at" timestamptz null, add column if not exists "acquirer_action" text check ("acquirer_action" in ('cancel', 'refund')) null, add column if not exists "acquirer_action_error" text null;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_in_store_payment_acquirer_payment_unique" ON "in_store_payment" ("acquirer", "acquirer_payment_id") WHERE acquirer_payment_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_in_store_payment_next_poll_at" ON "in_store_payment" ("next_poll_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_in_store_payment_acquirer_payment_unique";`);
    this.addSql(`drop index if exists "IDX_in_store_payment_next_poll_at";`);
    this.addSql(`alter table if exists "in_store_payment" drop column if exists "acquirer", drop column if exists "acquirer_payment_id", drop column if exists "acquirer_status", drop column if exists "next_poll_at", drop column if exists "acquirer_action", drop column if exists "acquirer_action_error";`);
  }

}
