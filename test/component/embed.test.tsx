// @vitest-environment jsdom
// The embed as a blog page meets it: it reports its height, answers only its parent's one request,
// pauses off screen, does not autoplay under reduced motion; the Embed dialog previews it live and
// gives a snippet whose script sizes the iframe only from that iframe's messages.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EmbedFrame } from '../../src/ui/embed/EmbedFrame.tsx';
import { EmbedDialog } from '../../src/ui/embed/EmbedDialog.tsx';
import { embedSnippet, escapeAttr } from '../../src/ui/embed/snippet.ts';
import { isResizeMessage } from '../../src/ui/embed/messages.ts';
import { UrlNotices } from '../../src/ui/share/UrlNotices.tsx';
import { CopyLinkButton } from '../../src/ui/share/CopyLinkButton.tsx';
import { DEFAULT_EMBED, encodeLabUrl, type EmbedOptions } from '../../src/ui/url-state.ts';
import { presets } from '../../src/engine/presets.ts';

let resizeCallbacks: (() => void)[] = [];
let intersect: ((visible: boolean) => void) | null = null;
let height = 321.4;
let reduced = false;

beforeEach(() => {
  resizeCallbacks = [];
  intersect = null;
  height = 321.4;
  reduced = false;
  globalThis.ResizeObserver = class {
    constructor(cb: () => void) {
      resizeCallbacks.push(cb);
    }
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  globalThis.IntersectionObserver = class {
    constructor(cb: (e: { isIntersecting: boolean }[]) => void) {
      intersect = (v) => cb([{ isIntersecting: v }]);
    }
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof IntersectionObserver;
  window.matchMedia = ((q: string) => ({ matches: reduced && q.includes('reduce'), media: q })) as never;
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(
    () => ({ height, width: 600, top: 0, left: 0, bottom: height, right: 600, x: 0, y: 0 }) as DOMRect,
  );
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function frame(opts: Partial<EmbedOptions> = {}, playing = false) {
  const parent = { postMessage: vi.fn() };
  const calls = { play: vi.fn(), pause: vi.fn(), reset: vi.fn() };
  const el = (p: boolean) => (
    <EmbedFrame
      options={{ ...DEFAULT_EMBED, ...opts }}
      title="Simulated heap"
      playing={p}
      done={false}
      onPlay={calls.play}
      onPause={calls.pause}
      onReset={calls.reset}
      openHref="https://lab.example/?t=1"
      parent={parent}
    >
      <p>figure</p>
    </EmbedFrame>
  );
  const r = render(el(playing));
  return { parent, calls, rerender: (p: boolean) => r.rerender(el(p)) };
}

const root = () => document.querySelector('.embed') as HTMLElement;

describe('embed frame', () => {
  it('reports its height to the parent at once and on every change, never twice the same', () => {
    const { parent } = frame();
    expect(parent.postMessage).toHaveBeenCalledWith({ type: 'channel-lab:resize', height: 322 }, '*');
    height = 500;
    act(() => resizeCallbacks.forEach((cb) => cb()));
    act(() => resizeCallbacks.forEach((cb) => cb()));
    expect(parent.postMessage.mock.calls.map((c) => c[0].height)).toEqual([322, 500]);
  });

  it("answers only its parent's request for the height, and only that exact message", () => {
    const { parent } = frame();
    parent.postMessage.mockClear();
    const send = (data: unknown, source: unknown) =>
      act(() => {
        window.dispatchEvent(new MessageEvent('message', { data, source: source as Window }));
      });
    send({ type: 'channel-lab:request-resize' }, window); // not the parent
    send({ type: 'channel-lab:request-resize', play: true }, parent); // wrong shape
    send({ type: 'channel-lab:play' }, parent); // a command: ignored
    expect(parent.postMessage).not.toHaveBeenCalled();
    send({ type: 'channel-lab:request-resize' }, parent);
    expect(parent.postMessage).toHaveBeenCalledWith({ type: 'channel-lab:resize', height: 322 }, '*');
  });

  it('pauses when scrolled out of view and resumes when back, if it was playing', () => {
    const { calls, rerender } = frame({}, true);
    act(() => intersect?.(false));
    expect(calls.pause).toHaveBeenCalledTimes(1);
    expect(root()).toHaveAttribute('data-embed-state', 'offscreen');
    rerender(false);
    act(() => intersect?.(true));
    expect(calls.play).toHaveBeenCalledTimes(1);
    // paused by the reader: scrolling away and back does not start it
    rerender(false);
    act(() => intersect?.(false));
    act(() => intersect?.(true));
    expect(calls.play).toHaveBeenCalledTimes(1);
    expect(root()).toHaveAttribute('data-embed-state', 'paused');
  });

  it('autoplay starts when first seen, but not under prefers-reduced-motion', () => {
    const a = frame({ autoplay: true });
    act(() => intersect?.(true));
    expect(a.calls.play).toHaveBeenCalledTimes(1);
    cleanup();
    reduced = true;
    const b = frame({ autoplay: true });
    act(() => intersect?.(true));
    expect(b.calls.play).not.toHaveBeenCalled();
    expect(screen.getByText(/autoplay off \(reduced motion\)/)).toBeInTheDocument();
  });

  it('shows only the figure, a Play button and a link to the full app', async () => {
    const { calls } = frame({ controls: true });
    await userEvent.click(screen.getByRole('button', { name: 'Play' }));
    expect(calls.play).toHaveBeenCalled();
    expect(screen.getByRole('link', { name: 'Open in Channel Lab' })).toHaveAttribute(
      'href',
      'https://lab.example/?t=1',
    );
    cleanup();
    frame({ controls: false });
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('Embed dialog', () => {
  const embedUrl = (o: EmbedOptions, at: { timeMs: number }) =>
    `${window.location.origin}/lab/?${encodeLabUrl({ scenario: presets['game-server'].scenario, timeMs: at.timeMs, embed: o })}`;
  const dialog = (more: Partial<Parameters<typeof EmbedDialog>[0]> = {}) => (
    <EmbedDialog
      embedUrl={embedUrl}
      onClose={() => {}}
      timeMs={2500}
      durationMs={60_000}
      strategies={['tokio unbounded', 'tokio bounded(128)', 'semaphore-gated (1024)']}
      {...more}
    />
  );

  it('previews the chosen figure live and gives the snippet for it', async () => {
    render(dialog());
    expect(screen.getByRole('dialog', { name: 'Embed this figure' })).toBeInTheDocument();
    const preview = screen.getByTitle(/^Preview: Channel Lab: Heap chart/) as HTMLIFrameElement;
    // light unless the author chooses: a dark reader must not see a black box on a light blog
    expect(preview.src).toMatch(/t=2500&embed=1&view=heap&theme=light$/);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Figure' }), 'anatomy');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Play when scrolled into view' }));
    expect(preview.src).toMatch(/embed=1&view=anatomy&theme=light&autoplay=1$/);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Colours' }), 'dark');
    expect(preview.src).toMatch(/embed=1&view=anatomy&theme=dark&autoplay=1$/);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Colours' }), 'light');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Show the title' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'semaphore-gated (1024)' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Caption (plain text)' }), 'a <b>');
    expect(preview.src).toMatch(/autoplay=1&title=0&strategies=0%2C1&caption=a%20%3Cb%3E$/);
    const code = (
      screen.getByRole('textbox', { name: 'HTML to paste into your page' }) as HTMLTextAreaElement
    ).value;
    expect(code).toContain('view=anatomy&amp;theme=light&amp;autoplay=1');
    expect(code).toContain('title="Channel Lab: Channel anatomy"');
    expect(code).toContain(`e.origin !== "${window.location.origin}"`);
  });

  it('sizes the preview only from resize messages its own frame sends', () => {
    render(dialog());
    const preview = screen.getByTitle(/^Preview:/) as HTMLIFrameElement;
    const send = (data: unknown, source: unknown, origin = window.location.origin) =>
      act(() => {
        window.dispatchEvent(new MessageEvent('message', { data, source: source as Window, origin }));
      });
    send({ type: 'channel-lab:resize', height: 999 }, window);
    send({ type: 'channel-lab:resize', height: 998 }, preview.contentWindow, 'https://evil.example');
    send({ type: 'channel-lab:resize', height: '997px' }, preview.contentWindow);
    expect(preview.style.height).toBe('380px');
    send({ type: 'channel-lab:resize', height: 512 }, preview.contentWindow);
    expect(preview.style.height).toBe('512px');
    expect(screen.getByText(/^Live preview at 700 px, 512 px tall/)).toBeInTheDocument();
    // the snippet carries the measured height, for pages that strip its script
    const code = () =>
      (screen.getByRole('textbox', { name: 'HTML to paste into your page' }) as HTMLTextAreaElement).value;
    expect(code()).toContain('height: 512px');
    // another width is measured again: the frame is laid out at 360 px and reports its own height
    fireEvent.change(screen.getByRole('combobox', { name: 'Width in the post' }), {
      target: { value: '360' },
    });
    expect(preview.style.width).toBe('360px');
    send({ type: 'channel-lab:resize', height: 830 }, preview.contentWindow);
    expect(code()).toContain('height: 830px');
  });

  it('warns when the figure would be empty at the chosen time and offers the end of the run', async () => {
    render(dialog({ timeMs: 0 }));
    const warning = screen.getByRole('alert');
    expect(warning).toHaveTextContent('At 0 s nothing has happened yet: the figure would be empty.');
    await userEvent.click(within(warning).getByRole('button', { name: 'Show the end of the run (60 s)' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect((screen.getByTitle(/^Preview:/) as HTMLIFrameElement).src).toMatch(/t=60000&/);
    expect(screen.getByRole('spinbutton', { name: 'Start at (simulated seconds)' })).toHaveValue(60);
    // the calculator does not depend on time: no warning
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Start at (simulated seconds)' }), {
      target: { value: '0' },
    });
    expect(screen.getByRole('alert')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Figure' }), 'calculator');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('copies the snippet and says so', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(dialog());
    await userEvent.click(screen.getByRole('button', { name: 'Copy snippet' }));
    expect(writeText).toHaveBeenCalledWith(expect.stringMatching(/^<iframe id="channel-lab-/));
    expect(screen.getByText('Copied to the clipboard.')).toBeInTheDocument();
  });
});

describe('the snippet', () => {
  it("its script sets the iframe's height from that iframe's messages only", () => {
    const code = embedSnippet({
      src: 'https://lab.example/app/?embed=1&view=heap',
      title: 'Heap',
      height: 300,
    });
    document.body.innerHTML = code;
    const iframe = document.querySelector('iframe') as HTMLIFrameElement;
    expect(iframe.getAttribute('src')).toBe('https://lab.example/app/?embed=1&view=heap');
    expect(iframe.style.height).toBe('300px');
    // run the snippet's script as the browser would
    new Function(document.querySelector('script')?.textContent ?? '')();
    const send = (data: unknown, source: unknown, origin: string) =>
      window.dispatchEvent(new MessageEvent('message', { data, source: source as Window, origin }));
    send({ type: 'channel-lab:resize', height: 700 }, iframe.contentWindow, 'https://evil.example');
    send({ type: 'channel-lab:resize', height: 700 }, window, 'https://lab.example');
    send({ type: 'channel-lab:resize', height: 1e9 }, iframe.contentWindow, 'https://lab.example');
    expect(iframe.style.height).toBe('300px');
    send({ type: 'channel-lab:resize', height: 456.2 }, iframe.contentWindow, 'https://lab.example');
    expect(iframe.style.height).toBe('457px');
    document.body.innerHTML = '';
  });

  it('escapes what goes into attributes and script', () => {
    expect(escapeAttr(`a"b<c>&'`)).toBe('a&quot;b&lt;c&gt;&amp;&#39;');
    const code = embedSnippet({
      src: 'https://lab.example/?name=x%22y',
      title: '"><script>alert(1)</script>',
      height: 1,
    });
    expect(code).not.toContain('<script>alert');
    expect(code).toContain('height: 100px');
  });

  it('a resize message has exactly the documented shape', () => {
    expect(isResizeMessage({ type: 'channel-lab:resize', height: 10 })).toBe(true);
    expect(isResizeMessage({ type: 'channel-lab:resize', height: -1 })).toBe(false);
    expect(isResizeMessage({ type: 'channel-lab:resize', height: NaN })).toBe(false);
    expect(isResizeMessage(JSON.parse('{"type":"channel-lab:resize","height":5,"__proto__":{"x":1}}'))).toBe(
      true,
    );
    expect(
      isResizeMessage(
        Object.assign(Object.create({ evil: true }), { type: 'channel-lab:resize', height: 5 }),
      ),
    ).toBe(false);
  });
});

describe('link sharing', () => {
  it('URL notices show hostile values as text, never as markup', () => {
    render(
      <UrlNotices
        notices={[
          {
            field: 'metric',
            message: 'metric: expected one of depth, got "<img src=x onerror=alert(1)>"; using depth',
          },
        ]}
      />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('One value in the link could not be used');
    expect(screen.getByText(/<img src=x onerror=alert\(1\)>/)).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('Copy link puts the link on the clipboard, or shows it to copy by hand', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<CopyLinkButton link={() => 'https://lab.example/?t=5'} />);
    await userEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(writeText).toHaveBeenCalledWith('https://lab.example/?t=5');
    expect(screen.getByText('Link copied.')).toBeInTheDocument();
    writeText.mockRejectedValue(new Error('denied'));
    await userEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(screen.getByRole('textbox', { name: 'Link to this view' })).toHaveValue(
      'https://lab.example/?t=5',
    );
  });
});
