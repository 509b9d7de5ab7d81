import { describe, expect, it } from "vitest";
import { htmlStructureProblems } from "#tests/support/html-structure";

describe("htmlStructureProblems", () => {
  it("accepts unique ids and form attributes that name a form", () => {
    const html = `<main><h2 id="contact-heading">Contact</h2><form id="contact"></form><input form="contact" id="phone" maxlength="40"></main>`;
    expect(htmlStructureProblems(html)).toEqual([]);
  });

  it("reports a duplicate id", () => {
    expect(htmlStructureProblems(`<h2 id="x">a</h2><p id="x">b</p>`)).toEqual([`duplicate id "x" on <p> (first on <h2>)`]);
  });

  it("reports a form attribute that resolves to a heading (the 'My details' bug)", () => {
    const html = `<h2 id="contact">Contact</h2><form id="contact"></form><input form="contact">`;
    const problems = htmlStructureProblems(html);
    expect(problems).toContain(`duplicate id "contact" on <form> (first on <h2>)`);
    expect(problems).toContain(`<input form="contact"> points at a <h2>, not a <form>`);
  });

  it("reports a NUL character (react-dom's stream at a view's end, ADR 067)", () => {
    expect(htmlStructureProblems(`<li>Secretary: signed \0“Cora Bogan”</li>`)).toEqual([`a NUL character at 22: …<li>Secretary: signed \\0“Cora Bogan”</li>…`]);
    // …unless the request sent it: a refused form shows what was typed.
    expect(htmlStructureProblems(`<input name="name" value="a\0b" maxlength="9">`, { sentNul: true })).toEqual([]);
  });

  it("reports a form attribute that names nothing", () => {
    expect(htmlStructureProblems(`<button form="gone">Go</button>`)).toEqual([`<button form="gone"> points at nothing`]);
  });

  it("reports a text field or textarea without maxlength, not hidden, date or checkbox inputs", () => {
    const html = `<input name="legalName"><input type="email" name="e" maxlength="254"><textarea name="notes"></textarea>
      <input type="hidden" name="id"><input type="date" name="d"><input type="checkbox" name="c"><input type="tel" name="p" maxLength="40">`;
    expect(htmlStructureProblems(html)).toEqual([`<input type="text" name="legalName"> has no maxlength`, `<textarea name="notes"> has no maxlength`]);
  });

  it("ignores text that merely looks like an attribute", () => {
    expect(htmlStructureProblems(`<p id="a">id=&quot;a&quot;</p>`)).toEqual([]);
  });
});
