import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203184042 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "pickup_handover" drop constraint if exists "pickup_handover_order_id_unique";`);
    this.addSql(`create table if not exists "pickup_handover" ("id" text not null, "order_id" text not null, "location_id" text null, "fulfillment_id" text null, "ready_emitted_at" timestamptz null, "handed_over_at" timestamptz null, "handed_over_by" text null, "code_checked" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "pickup_handover_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_pickup_handover_deleted_at" ON "pickup_handover" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_pickup_handover_order_id_unique" ON "pickup_handover" ("order_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "pickup_handover" cascade;`);
  }

}
