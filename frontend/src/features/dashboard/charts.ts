import type { EChartsCoreOption } from 'echarts/core';
import { formatPercentValue, formatRupiah } from '@/lib/format';
import type { Dashboard } from './api/types';

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];

const PLAN = '#8a99ab';
const ACTUAL = '#1f3a5f';
const FISIK = '#2f8f5b';

/** A percentage for plotting (a chart's y position, never arithmetic on money); null stays a gap. */
function plotted(value: string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * The absorption curve: cumulative anggaran kas (the plan) and cumulative realization, both as % of the pagu, month
 * by month; realization stops at the report month. The tooltip shows the Rupiah amounts the server computed.
 */
export function absorptionOption(series: Dashboard['series']): EChartsCoreOption {
  return {
    aria: { enabled: true },
    animation: false,
    grid: { left: 48, right: 16, top: 36, bottom: 32 },
    legend: { top: 0, data: ['Anggaran kas', 'Realisasi'] },
    tooltip: {
      trigger: 'axis',
      formatter: (points: { dataIndex: number }[]) => {
        const month = series[points[0]?.dataIndex ?? 0];
        if (!month) return '';
        return [
          `<b>s.d. ${MONTHS[month.bulan - 1]}</b>`,
          `Anggaran kas: ${formatRupiah(month.anggaran_kas_kumulatif)} (${formatPercentValue(month.persen_rak_kumulatif)})`,
          `Realisasi: ${formatRupiah(month.realisasi_kumulatif)} (${formatPercentValue(month.persen_realisasi_kumulatif)})`,
        ].join('<br>');
      },
    },
    xAxis: { type: 'category', data: series.map((month) => MONTHS[month.bulan - 1]), boundaryGap: false },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: 'Anggaran kas',
        type: 'line',
        data: series.map((month) => plotted(month.persen_rak_kumulatif)),
        lineStyle: { type: 'dashed', color: PLAN },
        itemStyle: { color: PLAN },
      },
      {
        name: 'Realisasi',
        type: 'line',
        data: series.map((month) => plotted(month.persen_realisasi_kumulatif)),
        areaStyle: { opacity: 0.12 },
        lineStyle: { width: 3, color: ACTUAL },
        itemStyle: { color: ACTUAL },
      },
    ],
  };
}

/** Physical against financial progress per OPD (% each), one pair of bars per OPD, in the ranking's order. */
export function fisikKeuanganOption(opd: Dashboard['opd']): EChartsCoreOption {
  const rows = [...opd].reverse(); // a horizontal bar chart draws its first category at the bottom
  return {
    aria: { enabled: true },
    animation: false,
    grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
    legend: { top: 0, data: ['Keuangan', 'Fisik'] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number | null) => formatPercentValue(v) },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: rows.map((row) => row.singkatan || row.kode) },
    series: [
      {
        name: 'Keuangan',
        type: 'bar',
        data: rows.map((row) => plotted(row.persen_realisasi)),
        itemStyle: { color: ACTUAL },
      },
      { name: 'Fisik', type: 'bar', data: rows.map((row) => plotted(row.fisik)), itemStyle: { color: FISIK } },
    ],
  };
}
