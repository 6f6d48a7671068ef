import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203221033 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "in_store_payment" add column if not exists "acquirer_receipt" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "in_store_payment" drop column if exists "acquirer_receipt";`);
  }

}
