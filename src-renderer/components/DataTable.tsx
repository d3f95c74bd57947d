import { Table, UnstyledButton, type TableProps } from '@mantine/core';
import { useTable, type Row, type RowData, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { ariaSortOf, dataTableFeatures, toColumnDefs, type DataColumn, type DataTableFeatures } from './data-table-model';

export type { DataColumn } from './data-table-model';

/** Attributes a view puts on a body row, such as `data-testid`. */
export type DataRowProps = { [attribute: `data-${string}`]: string | undefined };

export interface DataTableVirtual {
  /** Height of the scroll container (CSS length); the header stays visible while the body scrolls. */
  height: CSSProperties['maxHeight'];
  /** A first guess of a row's height in px; rows are measured once rendered. */
  estimateRowHeight: number;
  /** Starts at the last row and stays there while new rows arrive, unless the reader scrolled up (a followed log). */
  followEnd?: boolean;
}

export interface DataTableProps<T extends RowData> extends Omit<TableProps, 'data' | 'children'> {
  'aria-label'?: string;
  'data-testid'?: string;
  columns: ReadonlyArray<DataColumn<T>>;
  data: ReadonlyArray<T>;
  /** A stable key per row (React key and TanStack row id). */
  rowKey: (row: T) => string;
  rowProps?: (row: T) => DataRowProps;
  /** Shown in a single row when there is no data. */
  empty?: ReactNode;
  /** Leaves out the header row (key/value tables). */
  withHeader?: boolean;
  /** Renders only the rows in view, for long lists (messages, log lines). */
  virtual?: DataTableVirtual;
}

const alignStyle = (column: DataColumn<never>): CSSProperties => ({
  ...(column.align ? { textAlign: column.align } : {}),
  ...(column.width !== undefined ? { width: column.width } : {}),
  ...(column.nowrap ? { whiteSpace: 'nowrap' } : {}),
});

/**
 * The renderer's one table: TanStack Table for columns and sorting, Mantine's Table for the markup,
 * and TanStack Virtual when asked (spacer rows above and below the rows in view, inside a scroll container).
 */
export function DataTable<T extends RowData>({
  columns,
  data,
  rowKey,
  rowProps,
  empty,
  withHeader = true,
  virtual,
  ...tableProps
}: DataTableProps<T>) {
  const columnDefs = useMemo(() => toColumnDefs(columns), [columns]);
  const [sorting, setSorting] = useState<SortingState>([]);
  const rowData = useMemo(() => [...data], [data]);
  const table = useTable<DataTableFeatures, T>({
    features: dataTableFeatures,
    columns: columnDefs,
    data: rowData,
    getRowId: (row) => rowKey(row),
    state: { sorting },
    onSortingChange: setSorting,
  });
  const rows = table.getRowModel().rows;
  const byId = useMemo(() => new Map(columns.map((c) => [c.id, c])), [columns]);

  const header = withHeader && (
    <Table.Thead>
      {table.getHeaderGroups().map((group) => (
        <Table.Tr key={group.id}>
          {group.headers.map((h) => {
            const column = byId.get(h.column.id);
            const style = column ? alignStyle(column) : undefined;
            if (!h.column.getCanSort())
              return (
                <Table.Th key={h.id} style={style}>
                  {column?.header}
                </Table.Th>
              );
            const direction = h.column.getIsSorted();
            return (
              <Table.Th key={h.id} style={style} aria-sort={ariaSortOf(direction)}>
                <UnstyledButton
                  onClick={h.column.getToggleSortingHandler()}
                  fw="inherit"
                  fz="inherit"
                  style={{ display: 'inline-flex', gap: 4, alignItems: 'baseline', textAlign: 'inherit' }}
                >
                  {column?.header}
                  {/* Only a sorted column shows an arrow: an idle marker on every header would widen narrow tables. */}
                  {direction && (
                    <span aria-hidden style={{ fontSize: '0.75em' }}>
                      {direction === 'asc' ? '▲' : '▼'}
                    </span>
                  )}
                </UnstyledButton>
              </Table.Th>
            );
          })}
        </Table.Tr>
      ))}
    </Table.Thead>
  );

  const renderRow = (
    row: Row<DataTableFeatures, T>,
    extra?: { index: number; measure: (el: Element | null) => void; striped: boolean },
  ) => (
    <Table.Tr
      key={row.id}
      {...rowProps?.(row.original)}
      {...(extra ? { 'data-index': extra.index, ref: extra.measure } : {})}
      style={extra?.striped && extra.index % 2 === 0 ? { backgroundColor: 'var(--table-striped-color)' } : undefined}
    >
      {row.getAllCells().map((cell) => {
        const column = byId.get(cell.column.id);
        return (
          <Table.Td key={cell.id} style={column ? { ...alignStyle(column), ...column.cellStyle?.(row.original) } : undefined}>
            {column?.cell(row.original)}
          </Table.Td>
        );
      })}
    </Table.Tr>
  );

  const emptyRow = rows.length === 0 && empty !== undefined && (
    <Table.Tr>
      <Table.Td colSpan={columns.length} c="dimmed">
        {empty}
      </Table.Td>
    </Table.Tr>
  );

  if (virtual)
    return (
      <VirtualBody rows={rows} virtual={virtual} colSpan={columns.length} tableProps={tableProps} header={header} emptyRow={emptyRow}>
        {renderRow}
      </VirtualBody>
    );

  return (
    <Table {...tableProps}>
      {header}
      <Table.Tbody>
        {rows.map((row) => renderRow(row))}
        {emptyRow}
      </Table.Tbody>
    </Table>
  );
}

function VirtualBody<T extends RowData>({
  rows,
  virtual,
  colSpan,
  tableProps,
  header,
  emptyRow,
  children: renderRow,
}: {
  rows: ReadonlyArray<Row<DataTableFeatures, T>>;
  virtual: DataTableVirtual;
  colSpan: number;
  tableProps: Omit<TableProps, 'data' | 'children'>;
  header: ReactNode;
  emptyRow: ReactNode;
  children: (
    row: Row<DataTableFeatures, T>,
    extra: { index: number; measure: (el: Element | null) => void; striped: boolean },
  ) => ReactNode;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  // Following: true while the reader is at the end, so that new rows keep the view at the end.
  const atEnd = useRef(true);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is the intended virtualizer; its instance is not memoizable
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => virtual.estimateRowHeight,
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: 10,
  });
  const { followEnd } = virtual;
  useLayoutEffect(() => {
    if (followEnd && atEnd.current && rows.length > 0) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [followEnd, rows.length, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const padTop = first ? first.start : 0;
  // Before the container is measured no row is in view: the spacer then holds the whole height, so that the
  // container (sized by its content up to its maximum) gets a height to measure.
  const padBottom = virtualizer.getTotalSize() - (last ? last.end : 0);
  // Mantine stripes rows by their position in the DOM, which moves as the window scrolls: stripe by row index instead.
  const { striped, ...rest } = tableProps;
  const spacer = (height: number, key: string) => (
    <Table.Tr key={key} aria-hidden style={{ border: 0 }}>
      <Table.Td colSpan={colSpan} style={{ height, padding: 0, border: 0 }} />
    </Table.Tr>
  );
  return (
    <div
      ref={scroller}
      style={{ maxHeight: virtual.height, overflow: 'auto' }}
      onScroll={(e) => {
        const el = e.currentTarget;
        atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      <Table {...rest} stickyHeader>
        {header}
        <Table.Tbody>
          {padTop > 0 && spacer(padTop, 'spacer-top')}
          {items.map((item) => {
            const row = rows[item.index];
            return row ? renderRow(row, { index: item.index, measure: virtualizer.measureElement, striped: Boolean(striped) }) : null;
          })}
          {padBottom > 0 && spacer(padBottom, 'spacer-bottom')}
          {emptyRow}
        </Table.Tbody>
      </Table>
    </div>
  );
}
