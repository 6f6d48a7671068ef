import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123044939 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "fiscal_receipt" drop constraint if exists "fiscal_receipt_base_external_id_unique";`);
    this.addSql(`alter table if exists "fiscal_receipt" drop constraint if exists "fiscal_receipt_external_id_unique";`);
    this.addSql(`create table if not exists "fiscal_receipt" ("id" text not null, "order_id" text not null, "in_store_payment_id" text null, "refund_id" text null, "kind" text check ("kind" in ('sell', 'sell_refund', 'handover')) not null, "operation" text check ("operation" in ('sell', 'sell_refund')) not null, "provider" text not null, "api_version" text not null, "status" text check ("status" in ('pending', 'sent', 'done', 'failed')) not null default 'pending', "base_external_id" text not null, "external_id" text not null, "generation" integer not null default 1, "uuid" text null, "total" numeric not null, "currency_code" text not null, "request" jsonb null, "response" jsonb null, "fiscal" jsonb null, "error" jsonb null, "attempts" integer not null default 0, "polls" integer not null default 0, "next_attempt_at" timestamptz null, "locked_until" timestamptz null, "settled_at" timestamptz not null, "late" boolean not null default false, "registered_at" timestamptz null, "raw_total" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "fiscal_receipt_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_fiscal_receipt_deleted_at" ON "fiscal_receipt" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_fiscal_receipt_external_id_unique" ON "fiscal_receipt" ("external_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_fiscal_receipt_base_external_id_unique" ON "fiscal_receipt" ("base_external_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_fiscal_receipt_status_next_attempt_at" ON "fiscal_receipt" ("status", "next_attempt_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_fiscal_receipt_order_id" ON "fiscal_receipt" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_fiscal_receipt_in_store_payment_id" ON "fiscal_receipt" ("in_store_payment_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "fiscal_receipt" cascade;`);
  }

}
