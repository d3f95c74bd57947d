/**
 * A worker thread's script in a packaged app: electron-builder unpacks it beside the archive (asarUnpack), since
 * Node starts a worker from a real file; the bundle that starts it is still read from inside app.asar.
 */
export function outsideAsar(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}
