/**
 * Pan and zoom of the diagram inside its viewport, by a CSS transform on one canvas
 * element (`translate` then `scale`, origin top left). Wheel pans, Ctrl/⌘ + wheel (and
 * trackpad pinch, which browsers report as Ctrl + wheel) zooms at the pointer, dragging
 * pans; the keyboard works when the viewport has focus. The view survives re-renders: a
 * new SVG of the same document keeps the scale and offset the user chose.
 */

export interface View {
  scale: number;
  x: number;
  y: number;
}

const MIN_SCALE = 0.05;
const MAX_SCALE = 8;
const STEP = 1.25;
const KEY_PAN = 48;
const PAD = 16;
/** Smallest automatic scale: below it, text of Mermaid's default size is hard to read. */
const READABLE = 0.6;
const MIN_HEIGHT = 240;

/** Movement (px) after which a press is a drag, not a click. */
const DRAG_THRESHOLD = 4;

export class PanZoom {
  private view: View = { scale: 1, x: 0, y: 0 };
  /** True once the user moved or zoomed: later renders keep the view instead of fitting. */
  private touched = false;
  private drag: { id: number; startX: number; startY: number; x: number; y: number; moved: boolean } | null = null;
  /** Set when the last press was a drag, so the click that ends it does not count. */
  private suppressClick = false;

  constructor(
    private readonly viewport: HTMLElement,
    private readonly canvas: HTMLElement,
    private readonly onChange: (view: View | null) => void,
  ) {
    viewport.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    viewport.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    viewport.addEventListener('pointermove', (e) => this.onPointerMove(e));
    viewport.addEventListener('pointerup', (e) => this.onPointerUp(e));
    viewport.addEventListener('pointercancel', (e) => this.onPointerUp(e));
    viewport.addEventListener('keydown', (e) => this.onKey(e));
    // Capture phase: swallow the click that ends a drag before node handlers see it.
    viewport.addEventListener(
      'click',
      (e) => {
        if (this.suppressClick) {
          e.stopPropagation();
          e.preventDefault();
          this.suppressClick = false;
        }
      },
      true,
    );
  }

  /** The user's view, or null while the picture is fitted automatically. */
  current(): View | null {
    return this.touched ? { ...this.view } : null;
  }

  /** Restores a saved view (null: the automatic one). */
  restore(view: View | null): void {
    if (view && Number.isFinite(view.scale) && Number.isFinite(view.x) && Number.isFinite(view.y) && view.scale > 0) {
      this.view = { scale: clamp(view.scale), x: view.x, y: view.y };
      this.touched = true;
      this.apply();
    } else {
      this.touched = false;
      this.auto();
    }
  }

  /** After new content: keep the user's view, or choose a readable one when they have not moved it. */
  contentChanged(): void {
    if (this.touched) this.apply();
    else this.auto();
  }

  /** Forget the user's view (another document) and choose a readable one. */
  reset(): void {
    this.touched = false;
    this.auto();
  }

  /** The viewport resized: follow it unless the user placed the picture. */
  resized(): void {
    if (!this.touched) this.auto();
  }

  /**
   * The view before the user moves anything: the whole picture when that keeps text
   * readable (never enlarged), else the full width if that does, else the readable scale
   * with the top of the picture in view — the user pans for the rest. The viewport is as
   * tall as the picture needs, up to 70% of the window.
   */
  auto(): void {
    const size = this.contentSize();
    const vw = this.viewport.clientWidth;
    if (!size || vw === 0) {
      this.view = { scale: 1, x: 0, y: 0 };
      this.apply();
      return;
    }
    const maxHeight = Math.max(MIN_HEIGHT, Math.round(window.innerHeight * 0.7));
    const byWidth = (vw - 2 * PAD) / size.width;
    const whole = Math.min(byWidth, (maxHeight - 2 * PAD) / size.height);
    // The whole picture if it stays readable; else the full width; else readable, panned.
    const scale = clamp(whole >= READABLE ? Math.min(1, whole) : Math.min(1, Math.max(READABLE, byWidth)));
    const height = Math.min(maxHeight, Math.max(MIN_HEIGHT, Math.ceil(size.height * scale + 2 * PAD)));
    if (this.viewport.style.height !== `${height}px`) this.viewport.style.height = `${height}px`;
    this.view = { scale, x: Math.max(PAD, (vw - size.width * scale) / 2), y: PAD };
    this.apply();
  }

  /** The whole picture in the viewport as it is now. */
  fit(): void {
    const size = this.contentSize();
    const vw = this.viewport.clientWidth;
    const vh = this.viewport.clientHeight;
    if (!size || vw === 0 || vh === 0) {
      this.view = { scale: 1, x: 0, y: 0 };
    } else {
      const scale = clamp(Math.min(1, (vw - 2 * PAD) / size.width, (vh - 2 * PAD) / size.height));
      this.view = { scale, x: Math.max(PAD, (vw - size.width * scale) / 2), y: Math.max(PAD, (vh - size.height * scale) / 2) };
    }
    this.apply();
  }

  /** The fit button: the whole picture; a placed view like any other the user chose. */
  fitByUser(): void {
    this.fit();
    this.touch();
  }

  actualSize(): void {
    this.zoomAt(1 / this.view.scale, this.viewport.clientWidth / 2, this.viewport.clientHeight / 2);
  }

  zoomIn(): void {
    this.zoomAt(STEP, this.viewport.clientWidth / 2, this.viewport.clientHeight / 2);
  }

  zoomOut(): void {
    this.zoomAt(1 / STEP, this.viewport.clientWidth / 2, this.viewport.clientHeight / 2);
  }

  /** Scrolls so that `rect` (client coordinates) is in the middle of the viewport. */
  centreOn(rect: DOMRect): void {
    const box = this.viewport.getBoundingClientRect();
    const cx = rect.left + rect.width / 2 - box.left;
    const cy = rect.top + rect.height / 2 - box.top;
    this.panBy(box.width / 2 - cx, box.height / 2 - cy);
  }

  panBy(dx: number, dy: number): void {
    this.view = { ...this.view, x: this.view.x + dx, y: this.view.y + dy };
    this.touch();
  }

  private zoomAt(factor: number, px: number, py: number): void {
    const scale = clamp(this.view.scale * factor);
    const k = scale / this.view.scale;
    // Keep the point under (px, py) fixed.
    this.view = { scale, x: px - (px - this.view.x) * k, y: py - (py - this.view.y) * k };
    this.touch();
  }

  private touch(): void {
    this.touched = true;
    this.apply();
    this.onChange({ ...this.view });
  }

  private apply(): void {
    this.canvas.style.transform = `translate(${this.view.x}px, ${this.view.y}px) scale(${this.view.scale})`;
    this.viewport.dataset.scale = this.view.scale.toFixed(3);
  }

  private contentSize(): { width: number; height: number } | null {
    const svg = this.canvas.querySelector('svg');
    if (!svg) return null;
    const width = Number(svg.getAttribute('width'));
    const height = Number(svg.getAttribute('height'));
    return width > 0 && height > 0 ? { width, height } : null;
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const scale = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? this.viewport.clientHeight : 1;
    if (e.ctrlKey || e.metaKey) {
      const box = this.viewport.getBoundingClientRect();
      this.zoomAt(Math.exp(-e.deltaY * scale * 0.002), e.clientX - box.left, e.clientY - box.top);
    } else if (e.shiftKey && e.deltaX === 0) {
      this.panBy(-e.deltaY * scale, 0);
    } else {
      this.panBy(-e.deltaX * scale, -e.deltaY * scale);
    }
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.drag = { id: e.pointerId, startX: e.clientX, startY: e.clientY, x: e.clientX, y: e.clientY, moved: false };
  }

  private onPointerMove(e: PointerEvent): void {
    const d = this.drag;
    if (!d || d.id !== e.pointerId) return;
    if (!d.moved && Math.hypot(e.clientX - d.startX, e.clientY - d.startY) < DRAG_THRESHOLD) return;
    if (!d.moved) {
      d.moved = true;
      this.viewport.setPointerCapture(e.pointerId);
      this.viewport.classList.add('dragging');
    }
    this.panBy(e.clientX - d.x, e.clientY - d.y);
    d.x = e.clientX;
    d.y = e.clientY;
  }

  private onPointerUp(e: PointerEvent): void {
    const d = this.drag;
    if (!d || d.id !== e.pointerId) return;
    this.drag = null;
    if (d.moved) {
      this.suppressClick = true;
      this.viewport.classList.remove('dragging');
      if (this.viewport.hasPointerCapture(e.pointerId)) this.viewport.releasePointerCapture(e.pointerId);
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (e.target !== this.viewport) return;
    const handled = ((): boolean => {
      switch (e.key) {
        case '+':
        case '=':
          this.zoomIn();
          return true;
        case '-':
        case '_':
          this.zoomOut();
          return true;
        case '0':
          this.fitByUser();
          return true;
        case '1':
          this.actualSize();
          return true;
        case 'ArrowLeft':
          this.panBy(KEY_PAN, 0);
          return true;
        case 'ArrowRight':
          this.panBy(-KEY_PAN, 0);
          return true;
        case 'ArrowUp':
          this.panBy(0, KEY_PAN);
          return true;
        case 'ArrowDown':
          this.panBy(0, -KEY_PAN);
          return true;
        default:
          return false;
      }
    })();
    if (handled) e.preventDefault();
  }
}

function clamp(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}
