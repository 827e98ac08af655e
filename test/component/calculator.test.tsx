// @vitest-environment jsdom
// The calculator as an engineer uses it: type T, C and N, read exact bytes per crate side by side.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CalculatorPanel } from '../../src/ui/calculator/CalculatorPanel.tsx';

afterEach(cleanup);

const cell = (id: string) => screen.getByTestId(id).textContent ?? '';

describe('calculator', () => {
  it('5,000 channels of a 40-byte message: tokio 9,120,000 B against futures-channel 640,000 B', async () => {
    render(<CalculatorPanel initial={{ payload: 'bytes', size: 40, capacity: 1, channels: 5000 }} />);
    expect(cell('tokio-unbounded-create')).toBe('9,120,000 B 8.7 MiB1,824 B × 5,000');
    expect(cell('futures-unbounded-create')).toBe('640,000 B 625 KiB128 B × 5,000');
    expect(screen.getByRole('table')).toHaveAccessibleName(
      /5,000 channels of \[u8; 40\] at capacity 1: heap bytes in all/,
    );
  });

  it('typing a capacity updates the table; tokio creation stays 33,312 B whatever C', async () => {
    render(<CalculatorPanel initial={{ payload: 'bytes', size: 1024, capacity: 1, channels: 1 }} />);
    expect(cell('tokio-bounded-create')).toBe('33,312 B 32.53 KiB');
    const capacity = screen.getByRole('spinbutton', { name: 'Capacity' });
    await userEvent.clear(capacity);
    await userEvent.type(capacity, '1024');
    expect(cell('tokio-bounded-create')).toBe('33,312 B 32.53 KiB');
    expect(cell('tokio-bounded-full')).toBe('1,050,112 B 1 MiB');
    expect(cell('tokio-bounded-drained')).toBe(`${(512 + 4 * 32_800).toLocaleString('en-US')} B 128.63 KiB`);
    // crossbeam preallocates the whole ring at creation
    expect(cell('crossbeam-bounded-create')).toMatch(/^1,05\d,\d{3} B/);
  });

  it('shows the formula behind each creation cost, with this T filled in', () => {
    render(<CalculatorPanel initial={{ payload: 'bytes', size: 1024, capacity: 1, channels: 1 }} />);
    const row = screen.getByTestId('calc-row-tokio-bounded');
    const formula = row.nextElementSibling as HTMLElement;
    expect(within(formula).getByText(/32 \+ 32·1024 = 32800/)).toBeInTheDocument();
  });

  it('capacity 0: tokio and async-channel panic, shown as the crates do; others give the zero flavour', async () => {
    render(<CalculatorPanel initial={{ payload: 'u64', capacity: 0, channels: 1 }} />);
    expect(cell('tokio-bounded-panic')).toBe('panics: mpsc bounded channel requires buffer > 0');
    expect(cell('async-bounded-panic')).toBe('panics: capacity cannot be zero');
    expect(cell('crossbeam-bounded-create')).toBe('136 B');
  });

  it('an out-of-range entry says what is accepted and keeps the last table', async () => {
    render(<CalculatorPanel initial={{ payload: 'u64', capacity: 8, channels: 1 }} />);
    const before = cell('tokio-bounded-full');
    const channels = screen.getByRole('spinbutton', { name: 'Channels' });
    await userEvent.clear(channels);
    await userEvent.type(channels, '0');
    expect(channels).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Enter a whole number from 1 to 10,000,000.')).toBeInTheDocument();
    expect(cell('tokio-bounded-full')).toBe(before);
  });

  it('String messages: the size field is the buffer length and the u64 choice hides it', async () => {
    render(<CalculatorPanel />);
    expect(screen.getByRole('spinbutton', { name: 'String length' })).toHaveValue(96);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Message type' }), 'u64');
    expect(screen.queryByRole('spinbutton', { name: 'String length' })).toBeNull();
    expect(screen.getByRole('table')).toHaveAccessibleName(/of u64 at capacity 1,024/);
  });

  it('pinning moves the crates to the top, side by side, in pin order, and tells the lab', async () => {
    const seen: string[][] = [];
    render(
      <CalculatorPanel
        initial={{ payload: 'bytes', size: 200, capacity: 64, channels: 1 }}
        onChange={(i) => seen.push([...i.pins])}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Pin flume bounded(C)' }));
    await userEvent.click(screen.getByRole('button', { name: 'Pin futures-channel mpsc::channel(C)' }));
    const first = screen.getAllByRole('row').filter((r) => r.dataset.testid?.startsWith('calc-row-'));
    expect(first.slice(0, 2).map((r) => r.dataset.testid)).toEqual([
      'calc-row-flume-bounded',
      'calc-row-futures-bounded',
    ]);
    expect(screen.getByTestId('calc-pins')).toHaveTextContent('2 crates pinned at the top');
    expect(seen.at(-1)).toEqual(['flume-bounded', 'futures-bounded']);
    await userEvent.click(screen.getByRole('button', { name: 'Unpin flume bounded(C)' }));
    expect(seen.at(-1)).toEqual(['futures-bounded']);
  });

  it('a Rust type as the message: its size in the slots, its heap parts in "holding"', async () => {
    render(<CalculatorPanel initial={{ payload: 'u64', capacity: 32, channels: 1 }} />);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Message type' }), 'rust');
    const field = screen.getByRole('textbox', { name: 'Rust type of the message' });
    await userEvent.clear(field);
    await userEvent.type(field, '(u64, String)');
    await userEvent.type(screen.getByRole('spinbutton', { name: /Length of String/ }), '{Backspace}100');
    await userEvent.click(screen.getByRole('button', { name: 'Use this type' }));
    // tokio: Arc<Chan> 512 B + a block of 32 slots × 32 B + 32 B = 1,568 B; holding 32 messages adds
    // their 32 × 100 B of String buffers (the slots are already there)
    expect(cell('tokio-bounded-create')).toBe('1,568 B 1.53 KiB');
    expect(cell('tokio-bounded-full')).toBe(`${(1568 + 3200).toLocaleString('en-US')} B 4.66 KiB`);
    expect(screen.getByRole('table', { name: /heap bytes in all/ })).toHaveAccessibleName(
      /of \(u64, String\) at capacity 32/,
    );
  });

  it('a type that cannot be laid out says which part, and the table keeps the last type', async () => {
    render(<CalculatorPanel initial={{ payload: 'u64', capacity: 8, channels: 1 }} />);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Message type' }), 'rust');
    // the field starts with (u64, String), in use at once: 512 + 32 + 32 × 32 = 1,568 B
    const before = cell('tokio-bounded-full');
    expect(before).toBe('1,568 B 1.53 KiB');
    const field = screen.getByRole('textbox', { name: 'Rust type of the message' });
    await userEvent.clear(field);
    await userEvent.type(field, '(u64, Strin)');
    expect(screen.getByRole('alert')).toHaveTextContent('unknown type "Strin"');
    expect(screen.getByRole('button', { name: 'Use this type' })).toBeDisabled();
    expect(cell('tokio-bounded-full')).toBe(before);
  });
});
