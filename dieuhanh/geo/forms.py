"""Forms: administrative units are reference data, loaded from the dataset, not edited by hand."""
