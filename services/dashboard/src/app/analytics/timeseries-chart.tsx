import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Schemas } from '../api';
import { SERIES } from './series';

type Point = Schemas['CampaignTimeseries']['points'][number];

/** Recharts lives in this module only, loaded on demand: the first page load never carries it. */
export default function TimeseriesChart(props: { points: Point[] }) {
  return (
    <div className="chart" role="img" aria-label="Invites, acceptances, messages and replies per period (the table below has the figures)">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={props.points} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="bucket" fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} width={36} />
          <Tooltip />
          <Legend />
          {SERIES.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
