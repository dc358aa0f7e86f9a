interface QrCodeProps {
  /** Modules per side. */
  readonly size: number;
  /** `size × size` characters, row by row: `1` dark, `0` light. */
  readonly modules: string;
  /** What the code says, for screen readers ("QR code of the enrollment link"). */
  readonly label: string;
  readonly testId?: string;
}

/** The quiet zone a scanner needs around a QR code, in modules. */
const QUIET = 4;

/**
 * A QR code drawn as one SVG path from its modules (no image, no data: URL — the strict CSP keeps
 * both out). Dark on white whatever the theme: scanners need the contrast.
 */
export function QrCode({ size, modules, label, testId }: QrCodeProps) {
  let path = '';
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      if (modules[row * size + column] === '1') path += `M${column + QUIET} ${row + QUIET}h1v1h-1z`;
    }
  }
  const side = size + 2 * QUIET;
  return (
    <svg className="qr-code" viewBox={`0 0 ${side} ${side}`} role="img" aria-label={label} data-testid={testId} data-size={size} shapeRendering="crispEdges">
      <rect className="qr-code__light" width={side} height={side} />
      <path className="qr-code__dark" d={path} />
    </svg>
  );
}
