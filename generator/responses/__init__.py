"""What we heard and what we did: the responses staff write to each suggestion
(``drafts/<slug>/responses.yaml``), the commenters' ratings of them, and how satisfied they are.

Floors: this wing reads the model, problems, content/ and the comment store (comments/);
render/ and the commands read it.
"""
