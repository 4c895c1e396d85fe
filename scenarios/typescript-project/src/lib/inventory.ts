// Stock levels and prices, in TypeScript as a Workers developer writes it: a type-only
// export, an enum, parameter properties, `satisfies` and `as const`.

export interface Item {
  sku: string;
  name: string;
  stock: number;
  cents: number;
}

export enum Availability {
  SoldOut,
  Low,
  InStock = 10,
}

const TAX = { rate: 0.2, label: "VAT" } as const satisfies { rate: number; label: string };

export class Inventory {
  constructor(private readonly items: readonly Item[]) {}

  list(): readonly Item[] {
    return this.items;
  }

  find(sku: string): Item | undefined {
    return this.items.find((item) => item.sku === sku);
  }

  availability(item: Item): Availability {
    if (item.stock === 0) return Availability.SoldOut;
    return item.stock < 5 ? Availability.Low : Availability.InStock;
  }

  quote(item: Item, count: number): { total: string; tax: string; label: typeof TAX.label } {
    const net = item.cents * count;
    const tax = Math.round(net * TAX.rate);
    return { total: ((net + tax) / 100).toFixed(2), tax: (tax / 100).toFixed(2), label: TAX.label };
  }
}
