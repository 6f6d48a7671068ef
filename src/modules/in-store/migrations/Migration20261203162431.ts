import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203162431 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "in_store_payment" drop constraint if exists "in_store_payment_receipt_by_check";`);

    this.addSql(`alter table if exists "in_store_payment" add constraint "in_store_payment_receipt_by_check" check("receipt_by" in ('store', 'terminal', 'acquirer', 'none'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "in_store_payment" drop constraint if exists "in_store_payment_receipt_by_check";`);

    this.addSql(`alter table if exists "in_store_payment" add constraint "in_store_payment_receipt_by_check" check("receipt_by" in ('store', 'terminal', 'none'));`);
  }

}
