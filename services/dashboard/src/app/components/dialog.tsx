import * as Dialog from '@radix-ui/react-dialog';
import { useState, type ReactNode } from 'react';

/** A button that asks before doing something that cannot be taken back lightly. */
export function ConfirmButton(props: {
  label: string;
  title: string;
  description: string;
  confirmLabel?: string;
  tone?: 'danger' | 'primary';
  disabled?: boolean;
  onConfirm(): Promise<unknown> | void;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <button type="button" className={props.tone === 'danger' ? 'danger' : 'primary'} disabled={props.disabled}>
          {props.label}
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title>{props.title}</Dialog.Title>
          <Dialog.Description>{props.description}</Dialog.Description>
          <div className="row end">
            <Dialog.Close asChild>
              <button type="button">Cancel</button>
            </Dialog.Close>
            <button
              type="button"
              className={props.tone === 'danger' ? 'danger' : 'primary'}
              disabled={busy}
              onClick={async () => {
                setBusy(true);
                try {
                  await props.onConfirm();
                } finally {
                  setBusy(false);
                  setOpen(false);
                }
              }}
            >
              {props.confirmLabel ?? props.label}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** A side panel (diagnostics, forms) that traps focus and closes on Escape. */
export function Drawer(props: { open: boolean; onOpenChange(open: boolean): void; title: string; children: ReactNode }) {
  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="drawer" aria-describedby={undefined}>
          <div className="row between">
            <Dialog.Title>{props.title}</Dialog.Title>
            <Dialog.Close asChild>
              <button type="button" aria-label="Close">
                Close
              </button>
            </Dialog.Close>
          </div>
          {props.children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
