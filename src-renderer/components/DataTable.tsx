import { Table, UnstyledButton, type TableProps } from '@mantine/core';
import { useTable, type RowData, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import classes from './DataTable.module.css';
import { ariaSortOf, dataTableFeatures, sortRows, toColumnDefs, type DataColumn, type DataTableFeatures } from './data-table-model';

export type { DataColumn } from './data-table-model';

/** Attributes a view puts on a body row, such as `data-testid`. */
export type DataRowProps = { [attribute: `data-${string}`]: string | undefined };

export interface DataTableVirtual {
  /** Height of the scroll container (CSS length); the header stays visible while the body scrolls. */
  height: CSSProperties['maxHeight'];
  /** A first guess of a row's height in px; rows are measured once rendered. */
  estimateRowHeight: number;
  /**
   * Every row is exactly `estimateRowHeight` high (cells do not wrap): nothing is measured. For very long lists:
   * each measurement makes the virtualizer lay out every row after it again, which is what made scrolling through
   * 10,000 topics stutter.
   */
  fixedRowHeight?: boolean;
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

/** Mantine's own class names of table rows and cells (hashed and static), for rows drawn as plain elements. */
const trClass = `${Table.classes.tr} mantine-Table-tr`;
const tdClass = `${Table.classes.td} mantine-Table-td`;
const fixedTdClass = `${tdClass} ${classes.fixedCell}`;

/** A cell's own style: its column's alignment and width, and the column's style for this row; none for most cells. */
function cellStyleOf<T>(column: DataColumn<T>, row: T): CSSProperties | undefined {
  const own = column.cellStyle?.(row);
  if (!column.align && column.width === undefined && !column.nowrap && !own) return undefined;
  return { ...alignStyle(column as DataColumn<never>), ...own };
}

/**
 * A virtual row's cell: its column's alignment and wrapping as classes, so that a cell coming into view gets no style
 * attribute to parse (inline styles were most of the script time of rendering new rows). Widths come from the header
 * cells in a fixed layout, so only an auto layout repeats them on every cell.
 */
function plainCellOf<T>(column: DataColumn<T>, fixed: boolean): { className: string; width: CSSProperties['width'] } {
  const className = [
    fixed ? fixedTdClass : tdClass,
    column.align === 'right' ? classes.alignRight : column.align === 'center' ? classes.alignCenter : '',
    column.nowrap ? classes.nowrap : '',
  ]
    .filter(Boolean)
    .join(' ');
  return { className, width: fixed ? undefined : column.width };
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
  // A virtual table may hold 10,000 rows that change several times a second: it sorts them itself and gives
  // TanStack Table no rows (headers and sorting state need none). Short tables use TanStack's row model.
  const rowData = useMemo(() => (virtual ? [] : [...data]), [data, virtual]);
  const table = useTable<DataTableFeatures, T>({
    features: dataTableFeatures,
    columns: columnDefs,
    data: rowData,
    getRowId: (row) => rowKey(row),
    state: { sorting },
    onSortingChange: setSorting,
  });
  const tableRows = table.getRowModel().rows;
  const virtualRows = useMemo(() => (virtual ? sortRows(data, columns, sorting) : []), [virtual, data, columns, sorting]);
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

  // Rows of a short table: Mantine's components.
  const renderRow = (original: T) => (
    <Table.Tr key={rowKey(original)} {...rowProps?.(original)}>
      {columns.map((column) => (
        <Table.Td key={column.id} style={cellStyleOf(column, original)}>
          {column.cell(original)}
        </Table.Td>
      ))}
    </Table.Tr>
  );

  // Rows of a virtual table are plain elements with Mantine's classes and attributes, stable while the columns and
  // row attributes are (rows in view render again only when their data changes): a scroll step renders every row
  // that comes into view, and Mantine's Table.Tr and Table.Td (a theme lookup and a Box each) took most of that time.
  const { withRowBorders = true, withColumnBorders = false, highlightOnHover = false } = tableProps;
  const plainCells = useMemo(
    () => ({ fixed: columns.map((c) => plainCellOf(c, true)), auto: columns.map((c) => plainCellOf(c, false)) }),
    [columns],
  );
  const renderPlainRow = useCallback(
    (original: T, extra?: RowPlacement) => (
      <tr
        key={rowKey(original)}
        className={trClass}
        {...(withRowBorders ? { 'data-with-row-border': true } : {})}
        {...(highlightOnHover ? { 'data-hover': true } : {})}
        {...rowProps?.(original)}
        {...(extra?.measure ? { 'data-index': extra.index, ref: extra.measure } : {})}
        style={{
          ...(extra?.striped && extra.index % 2 === 0 ? { backgroundColor: 'var(--table-striped-color)' } : {}),
          ...(extra?.height !== undefined ? { height: extra.height } : {}),
        }}
      >
        {columns.map((column, i) => {
          const { className, width } = (extra?.height !== undefined ? plainCells.fixed : plainCells.auto)[i] ?? plainCellOf(column, false);
          const own = column.cellStyle?.(original);
          const style = width !== undefined ? { width, ...own } : own;
          return (
            <td
              key={column.id}
              className={className}
              {...(withColumnBorders ? { 'data-with-column-border': true } : {})}
              {...(style ? { style } : {})}
            >
              {column.cell(original)}
            </td>
          );
        })}
      </tr>
    ),
    [columns, plainCells, rowKey, rowProps, withRowBorders, withColumnBorders, highlightOnHover],
  );

  const rowCount = virtual ? virtualRows.length : tableRows.length;
  const emptyRow = rowCount === 0 && empty !== undefined && (
    <Table.Tr>
      <Table.Td colSpan={columns.length} c="dimmed">
        {empty}
      </Table.Td>
    </Table.Tr>
  );

  if (virtual)
    return (
      <VirtualBody
        rows={virtualRows}
        rowKey={rowKey}
        virtual={virtual}
        colSpan={columns.length}
        tableProps={tableProps}
        header={header}
        emptyRow={emptyRow}
      >
        {renderPlainRow}
      </VirtualBody>
    );

  return (
    <Table {...tableProps}>
      {header}
      <Table.Tbody>
        {tableRows.map((row) => renderRow(row.original))}
        {emptyRow}
      </Table.Tbody>
    </Table>
  );
}

interface RowPlacement {
  index: number;
  measure: ((el: Element | null) => void) | undefined;
  striped: boolean;
  height: number | undefined;
}

interface VirtualRowProps<T extends RowData> extends RowPlacement {
  row: T;
  render: (row: T, extra: RowPlacement) => ReactNode;
}

/**
 * One row in view. A scroll step renders only the rows that come into view: a row already shown renders again only
 * when its data (by identity), its place or the table's rendering changes.
 */
const VirtualRow = memo(
  function VirtualRow<T extends RowData>({ row, render, ...extra }: VirtualRowProps<T>) {
    return render(row, extra);
  },
  (a, b) =>
    a.row === b.row &&
    a.render === b.render &&
    a.index === b.index &&
    a.measure === b.measure &&
    a.striped === b.striped &&
    a.height === b.height,
) as <T extends RowData>(props: VirtualRowProps<T>) => ReactNode;

function VirtualBody<T extends RowData>({
  rows,
  rowKey,
  virtual,
  colSpan,
  tableProps,
  header,
  emptyRow,
  children: renderRow,
}: {
  rows: ReadonlyArray<T>;
  rowKey: (row: T) => string;
  virtual: DataTableVirtual;
  colSpan: number;
  tableProps: Omit<TableProps, 'data' | 'children'>;
  header: ReactNode;
  emptyRow: ReactNode;
  children: (row: T, extra: RowPlacement) => ReactNode;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  // Following: true while the reader is at the end, so that new rows keep the view at the end.
  const atEnd = useRef(true);
  // Stable callbacks: the virtualizer measures every row again (10,000 calls) whenever one of them changes identity,
  // and a fresh closure per render made every scroll step do that.
  // Keys only matter for remembering measured heights; fixed rows are not measured, so they keep index keys and the
  // virtualizer's layout of all rows survives a change of the data.
  const { fixedRowHeight } = virtual;
  const keyedRows = fixedRowHeight ? undefined : rows;
  const getItemKey = useCallback(
    (index: number) => {
      const row = keyedRows?.[index];
      return row === undefined ? index : rowKey(row);
    },
    [keyedRows, rowKey],
  );
  const { estimateRowHeight } = virtual;
  const estimateSize = useCallback(() => estimateRowHeight, [estimateRowHeight]);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is the intended virtualizer; its instance is not memoizable
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize,
    getItemKey,
    // Rows beyond the edges, drawn ahead of the scroll. Fixed rows need no measuring, so a few suffice: each row drawn
    // off screen is layout and paint in every scroll step.
    overscan: fixedRowHeight ? 4 : 10,
    // Scroll updates go through React's scheduler instead of a synchronous render inside each scroll event.
    useFlushSync: false,
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
      // Focusable so the keyboard can scroll it: its rows hold no focusable element of their own.
      tabIndex={0}
      style={{ maxHeight: virtual.height, overflow: 'auto' }}
      onScroll={(e) => {
        const el = e.currentTarget;
        atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {/* Fixed rows get a fixed layout: column widths do not move as rows scroll or change, and the browser does not
          measure every cell again after each change. */}
      <Table {...rest} stickyHeader style={virtual.fixedRowHeight ? { tableLayout: 'fixed' } : undefined}>
        {header}
        <Table.Tbody>
          {padTop > 0 && spacer(padTop, 'spacer-top')}
          {items.map((item) => {
            const row = rows[item.index];
            return row ? (
              <VirtualRow
                key={rowKey(row)}
                row={row}
                render={renderRow}
                // A row's place matters only for measuring and striping: otherwise a topic added above the rows in
                // view would render every one of them again.
                index={virtual.fixedRowHeight && !striped ? 0 : item.index}
                measure={virtual.fixedRowHeight ? undefined : virtualizer.measureElement}
                striped={Boolean(striped)}
                height={virtual.fixedRowHeight ? virtual.estimateRowHeight : undefined}
              />
            ) : null;
          })}
          {padBottom > 0 && spacer(padBottom, 'spacer-bottom')}
          {emptyRow}
        </Table.Tbody>
      </Table>
    </div>
  );
}
