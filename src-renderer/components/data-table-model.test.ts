import { describe, expect, it } from 'vitest';
import { ariaSortOf, compareRowsBy, compareSortValues, sortRows, toColumnDefs, type DataColumn } from './data-table-model';

interface Broker {
  id: number;
  host: string;
}

const columns: Array<DataColumn<Broker>> = [
  { id: 'id', header: 'Id', cell: (b) => b.id, sortValue: (b) => b.id },
  { id: 'host', header: 'Host', cell: (b) => b.host, sortValue: (b) => b.host },
  { id: 'actions', cell: () => null },
];

describe('compareSortValues', () => {
  it('orders numbers by value and text in natural order', () => {
    expect([10, 2, 1].sort(compareSortValues)).toEqual([1, 2, 10]);
    expect(['broker-10', 'broker-2', 'Broker-1'].sort(compareSortValues)).toEqual(['Broker-1', 'broker-2', 'broker-10']);
  });

  it('puts numbers before text', () => {
    expect(['a', 3].sort(compareSortValues)).toEqual([3, 'a']);
  });
});

describe('ariaSortOf', () => {
  it('names the direction the way assistive technology expects', () => {
    expect(ariaSortOf('asc')).toBe('ascending');
    expect(ariaSortOf('desc')).toBe('descending');
    expect(ariaSortOf(false)).toBe('none');
  });
});

describe('toColumnDefs', () => {
  it('makes a column sortable only when it has a sort value', () => {
    const defs = toColumnDefs(columns);
    expect(defs.map((d) => [d.id, d.enableSorting])).toEqual([
      ['id', true],
      ['host', true],
      ['actions', false],
    ]);
  });

  it('sorts ascending on the first click, numbers included', () => {
    expect(toColumnDefs(columns).every((d) => d.sortDescFirst === false)).toBe(true);
  });
});

describe('compareRowsBy', () => {
  it('orders rows by their sort value', () => {
    const data: Broker[] = [
      { id: 10, host: 'kafka-1' },
      { id: 2, host: 'kafka-3' },
      { id: 1, host: 'kafka-2' },
    ];
    expect([...data].sort(compareRowsBy((b) => b.id)).map((b) => b.id)).toEqual([1, 2, 10]);
    expect([...data].sort(compareRowsBy((b) => b.host)).map((b) => b.id)).toEqual([10, 1, 2]);
  });
});

describe('sortRows', () => {
  const brokers: Broker[] = [
    { id: 10, host: 'b' },
    { id: 2, host: 'a' },
    { id: 1, host: 'c' },
  ];
  it('orders by the sorted column, either way, and leaves unsorted data as it is', () => {
    expect(sortRows(brokers, columns, [{ id: 'id', desc: false }]).map((b) => b.id)).toEqual([1, 2, 10]);
    expect(sortRows(brokers, columns, [{ id: 'host', desc: true }]).map((b) => b.host)).toEqual(['c', 'b', 'a']);
    expect(sortRows(brokers, columns, [])).toBe(brokers);
    expect(sortRows(brokers, columns, [{ id: 'actions', desc: false }])).toBe(brokers);
  });
});
