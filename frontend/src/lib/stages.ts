/** A budget stage as people name it: "DPA", "Pergeseran 2" (the number only from the second one on). */
export function stageName(stage: { tahap_label: string; nomor?: number } | undefined): string {
  if (!stage) return '–';
  return (stage.nomor ?? 1) > 1 ? `${stage.tahap_label} ${stage.nomor}` : stage.tahap_label;
}
