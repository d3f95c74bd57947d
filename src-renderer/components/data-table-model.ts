import {
  createSortedRowModel,
  rowSortingFeature,
  tableFeatures,
  type ColumnDef,
  type Row,
  type SortDirection,
  type SortFn,
  type RowData,
} from '@tanstack/react-table';
import type { CSSProperties, ReactNode } from 'react';

/** Sorting is the only table feature the renderer uses: one stable registry, shared by every DataTable. */
export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
});
export type DataTableFeatures = typeof dataTableFeatures;

export type SortValue = string | number;

/** A column as the views describe it; DataTable maps it to TanStack Table's column definition. */
export interface DataColumn<T> {
  id: string;
  /** What the header cell shows; omit it for an action column. */
  header?: ReactNode;
  cell: (row: T) => ReactNode;
  /** Makes the column sortable by clicking its header; the value rows are ordered by. */
  sortValue?: (row: T) => SortValue;
  align?: 'left' | 'center' | 'right';
  width?: CSSProperties['width'];
  /** Keeps the cell on one line. */
  nowrap?: boolean;
  /** Extra style of a body cell (a colour for a lag, a bold id, a maximum width). */
  cellStyle?: (row: T) => CSSProperties | undefined;
}

/**
 * Numbers before strings, numbers by value, strings in natural order
 * ("broker-2" before "broker-10"), so that mixed or numeric-looking text sorts as a person expects.
 */
export function compareSortValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}

/** Orders rows by a column's sort value, ascending (TanStack Table reverses it for descending). */
export function compareRowsBy<T>(sortValue: (row: T) => SortValue): (a: T, b: T) => number {
  return (a, b) => compareSortValues(sortValue(a), sortValue(b));
}

/**
 * Rows in the order of the first sorted column (the table sorts by one column at a time), as TanStack Table orders
 * them, without building its row model: for long virtual lists, where a row object per item on every change costs
 * more than the change. Unsorted, the data itself comes back.
 */
export function sortRows<T>(
  data: ReadonlyArray<T>,
  columns: ReadonlyArray<DataColumn<T>>,
  sorting: ReadonlyArray<{ id: string; desc: boolean }>,
): ReadonlyArray<T> {
  const by = sorting[0];
  const sortValue = by && columns.find((c) => c.id === by.id)?.sortValue;
  if (!by || !sortValue) return data;
  const compare = compareRowsBy(sortValue);
  const direction = by.desc ? -1 : 1;
  return [...data].sort((a, b) => direction * compare(a, b));
}

/** The `aria-sort` of a sortable column header. */
export function ariaSortOf(direction: false | SortDirection): 'ascending' | 'descending' | 'none' {
  return direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none';
}

/**
 * Our columns as TanStack Table column definitions: identity, value and sorting. Headers and cells are not
 * templates here: TanStack's flexRender mounts a function template as a component, and views rebuild their
 * columns on each render (they close over view state), which would remount every cell and lose its state
 * (an open confirmation, a scrolled value). DataTable calls our header and cell functions itself.
 */
export function toColumnDefs<T extends RowData>(columns: ReadonlyArray<DataColumn<T>>): Array<ColumnDef<DataTableFeatures, T>> {
  return columns.map((column) => {
    const { sortValue } = column;
    const compare = sortValue && compareRowsBy(sortValue);
    const sortFn: SortFn<DataTableFeatures, T> | undefined = compare
      ? (a: Row<DataTableFeatures, T>, b: Row<DataTableFeatures, T>) => compare(a.original, b.original)
      : undefined;
    return {
      id: column.id,
      accessorFn: (row: T) => (sortValue ? sortValue(row) : null),
      enableSorting: Boolean(sortValue),
      // A first click sorts ascending whatever the type (TanStack starts numbers descending).
      sortDescFirst: false,
      ...(sortFn ? { sortFn } : {}),
    };
  });
}
