// @vitest-environment jsdom
// The Rust type field: layout as you type, a message naming the part that cannot be laid out, a
// length per growable part, and the chosen type reaching the simulation.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RustTypeField } from '../../src/ui/controls/RustTypeField.tsx';
import { renderApp, type Rendered } from './harness.tsx';

let app: Rendered | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
  cleanup();
});

function field(rust = '(u64, String)', lengths: number[] = []) {
  const onApply = vi.fn();
  render(<RustTypeField value={{ rust, lengths }} onApply={onApply} />);
  return { onApply, box: screen.getByRole('textbox', { name: 'Rust type' }) };
}

async function retype(box: HTMLElement, text: string) {
  await userEvent.clear(box);
  // userEvent reads [ and { as key descriptors: paste the text instead
  box.focus();
  await userEvent.paste(text);
}

describe('Rust type field', () => {
  it('lays out as you type: (u8, u32, u16) is 8 bytes, with the padding after the u16', async () => {
    const { box } = field();
    await retype(box, '(u8, u32, u16)');
    // u32 at 0..3, u8 at 4, padding at 5, u16 at 6..7: 8 bytes, align 4
    expect(screen.getByTestId('rust-size')).toHaveTextContent('size_of = 8 B, align_of = 4');
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      '0–3.1: u324 B',
      '4.0: u81 B',
      '5padding1 B',
      '6–7.2: u162 B',
    ]);
  });

  it('names the part it cannot lay out and refuses to use it', async () => {
    const { box, onApply } = field();
    await retype(box, 'Option<(u8, MyStruct)>');
    expect(screen.getByRole('alert')).toHaveTextContent('unknown type "MyStruct"');
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('button', { name: 'Use this type' })).toBeDisabled();
    await userEvent.type(box, '{Enter}');
    expect(onApply).not.toHaveBeenCalled();
  });

  it('asks a length for each growable part and counts the heap: Vec<String> of 3 × 10 bytes', async () => {
    const { box, onApply } = field();
    await retype(box, 'Vec<String>');
    const outer = screen.getByRole('spinbutton', { name: /Length of Vec<String>/ });
    const inner = screen.getByRole('spinbutton', { name: /Length of String/ });
    await userEvent.clear(outer);
    await userEvent.type(outer, '3');
    await userEvent.clear(inner);
    await userEvent.type(inner, '10');
    // 3 Strings of 24 B in the Vec's buffer + 3 buffers of 10 B: 102 B in 1 + 3 allocations
    expect(screen.getByTestId('rust-size')).toHaveTextContent('heap per message 102 B in 4 allocations');
    await userEvent.click(screen.getByRole('button', { name: 'Use this type' }));
    expect(onApply).toHaveBeenCalledWith({ rust: 'Vec<String>', lengths: [3, 10] });
  });

  it('shows the niche: Option<Box<[u8; 200]>> is one pointer, its null is None', async () => {
    const { box } = field();
    await retype(box, 'Option<Box<[u8; 200]>>');
    expect(screen.getByTestId('rust-size')).toHaveTextContent(
      'size_of = 8 B, align_of = 8 · heap per message 200 B',
    );
    // the Box's pointer is never null: None is the null pointer, and no spare value is left
    expect(screen.getByTestId('rust-layout')).toHaveTextContent(
      'no tag: None is a value Some never holds in bytes 0–7',
    );
    expect(screen.getByTestId('rust-layout')).not.toHaveTextContent('spare values');
  });
});

describe('Rust type in the panel', () => {
  it('choosing "Rust type" and a type runs the scenario with it', async () => {
    app = renderApp({ preset: 'game-server' });
    await screen.findByRole('button', { name: 'Play' });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Payload' }), 'rust');
    const box = await screen.findByRole('textbox', { name: 'Rust type' });
    await retype(box, '(u64, [u8; 200])');
    await userEvent.click(screen.getByRole('button', { name: 'Use this type' }));
    const lab = app.lab;
    await waitFor(() =>
      expect(lab.store.getState().scenario?.message).toMatchObject({
        type: 'rust',
        rust: '(u64, [u8; 200])',
      }),
    );
    expect(screen.getByRole('button', { name: 'In use' })).toBeDisabled();
  });
});
