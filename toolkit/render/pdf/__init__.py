"""The PDFs: facilitator notes, worksheets, handouts, the two books and the register, drawn with
reportlab (imported only here).

- ``text``, ``page``, ``forms``, ``document``: what every PDF shares (fonts and safe text, paper
  and styles, form fields, layout and page numbers);
- ``notes``, ``worksheets``, ``handouts``, ``books``, ``register``: one module per kind of file;
- ``compat``: the only use of reportlab's private parts.
"""
