import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState, type DragEvent } from 'react';
import { api, unwrap, type Schemas } from '../api';
import { Empty, ErrorState, Forbidden } from '../components/states';
import { useSession } from '../session';
import { previewCsv, type CsvPreview } from './csv-preview';

// The gateway accepts up to 20 MB; refuse bigger files before reading them.
const MAX_BYTES = 20 * 1024 * 1024;

export function LeadImportPage() {
  const { campaignId } = useParams({ from: '/campaigns/$campaignId/import' });
  const { canWrite } = useSession();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<{ name: string; text: string; preview: CsvPreview } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const upload = useMutation({
    mutationFn: (csv: string) =>
      unwrap(
        api.POST('/api/campaigns/{id}/leads/import', {
          params: { path: { id: campaignId }, query: {} },
          body: csv as never,
          headers: { 'Content-Type': 'text/csv' },
          bodySerializer: (body: unknown) => body as string,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['campaign', campaignId] }),
  });
  if (!canWrite) return <Forbidden message="Viewers cannot import leads." />;

  const read = async (picked: File | undefined) => {
    setFileError(null);
    upload.reset();
    if (!picked) return;
    if (picked.size > MAX_BYTES) {
      setFileError(`${picked.name} is ${(picked.size / 1024 / 1024).toFixed(1)} MB; the limit is 20 MB.`);
      return;
    }
    const text = await picked.text();
    setFile({ name: picked.name, text, preview: previewCsv(text) });
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void read(e.dataTransfer.files[0]);
  };
  return (
    <section>
      <h1>Import leads</h1>
      <p>
        <Link to="/campaigns/$campaignId" params={{ campaignId }}>
          Back to the campaign
        </Link>
      </p>
      <div
        className={`dropzone${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop a CSV file here, or choose one.</p>
        <label>
          CSV file
          <input type="file" accept=".csv,text/csv" onChange={(e) => void read(e.target.files?.[0])} />
        </label>
        <p className="muted">
          Columns: first_name, last_name, profile_url or public_identifier; company and title optional; any other column becomes a template
          variable.
        </p>
      </div>
      {fileError && (
        <div className="state error" role="alert">
          {fileError}
        </div>
      )}
      {file && <MappingPreview name={file.name} preview={file.preview} />}
      {file && (
        <button type="button" className="primary" disabled={upload.isPending} onClick={() => upload.mutate(file.text)}>
          {upload.isPending ? 'Importing…' : `Import ${file.preview.rowCount} rows`}
        </button>
      )}
      {upload.isError && <ErrorState error={upload.error} action="The import" />}
      {upload.data && <ImportResult result={upload.data} />}
    </section>
  );
}

function ImportResult(props: { result: Schemas['LeadImportResult'] }) {
  return (
    <div className="card" role="status">
      <h2>Import result</h2>
      <p>
        {props.result.created} created, {props.result.duplicates_in_campaign} already in this campaign,{' '}
        {props.result.blocked_cross_campaign} in another campaign, {props.result.invalid.length} rejected.
      </p>
      {props.result.invalid.length > 0 && (
        <table aria-label="Rejected lines">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {props.result.invalid.slice(0, 200).map((row) => (
              <tr key={row.line}>
                <td>{row.line}</td>
                <td>{row.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function MappingPreview(props: { name: string; preview: CsvPreview }) {
  const { columns, sample, rowCount } = props.preview;
  if (columns.length === 0) return <Empty>{props.name} has no header line.</Empty>;
  return (
    <div className="card">
      <h2>
        {props.name}: {rowCount} rows
      </h2>
      <table aria-label="Column mapping">
        <thead>
          <tr>
            <th scope="col">CSV column</th>
            <th scope="col">Becomes</th>
            <th scope="col">First row</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c, i) => (
            <tr key={`${c.header}-${i}`}>
              <td>{c.header}</td>
              <td>{c.field}</td>
              <td>{sample[0]?.[i] ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
