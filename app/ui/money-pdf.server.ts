import PDFDocument from "pdfkit";

/**
 * Receipts and statements as PDF (ADR 033), drawn server-side with pdfkit from the same
 * content as their printable pages: a heading, label/value lines, an optional table and
 * notes. Black on white, Letter size, the standard Helvetica fonts (nothing to load).
 * Uncompressed so the text can be checked; these documents are a few kilobytes.
 */

export type PdfContent = {
  title: string;
  heading: string;
  subheading?: string | null;
  fields: [string, string][];
  table?: { columns: string[]; widths: number[]; rows: string[][] } | null;
  notes?: string[];
};

/** The standard fonts speak WinAnsi: a typographic minus becomes a hyphen. */
const plain = (s: string) => s.replace(/\u2212/g, "-").replace(/[\u2013\u2014]/g, "-");

export function renderPdf(c: PdfContent): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "LETTER", margin: 54, compress: false, info: { Title: plain(c.title), Producer: "Hearth", Creator: "Hearth" } });
    const chunks: Buffer[] = [];
    doc.on("data", (b: Buffer) => chunks.push(b));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.font("Helvetica-Bold").fontSize(18).text(plain(c.heading));
    if (c.subheading) doc.font("Helvetica").fontSize(11).text(plain(c.subheading));
    doc.moveDown();
    doc.fontSize(11);
    for (const [label, value] of c.fields) {
      doc.font("Helvetica-Bold").text(`${plain(label)}: `, { continued: true }).font("Helvetica").text(plain(value));
    }
    if (c.table) {
      doc.moveDown();
      const left = doc.page.margins.left;
      const row = (cells: string[], bold: boolean) => {
        if (doc.y > doc.page.height - doc.page.margins.bottom - 30) doc.addPage();
        const y = doc.y;
        let x = left;
        let bottom = y;
        doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(9);
        cells.forEach((cell, i) => {
          const w = c.table!.widths[i]!;
          doc.text(plain(cell), x, y, { width: w - 6 });
          bottom = Math.max(bottom, doc.y);
          x += w;
        });
        doc.x = left;
        doc.y = bottom + 3;
      };
      row(c.table.columns, true);
      for (const r of c.table.rows) row(r, false);
    }
    if (c.notes?.length) {
      doc.moveDown();
      doc.font("Helvetica").fontSize(10);
      for (const n of c.notes) doc.text(plain(n), doc.page.margins.left);
    }
    doc.end();
  });
}

export function pdfResponse(pdf: Buffer, filename: string): Response {
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
