"""Comments folded back into the project: the record, the store beside each draft, and one
importer per source (the built-in intake database, hosted form providers, regulations.gov).

Floors: this wing reads the model, problems, content/ and provisions/ (and the providers'
shared vocabulary of positions and respondent types); nothing below it imports it.
"""
