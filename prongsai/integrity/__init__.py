"""The discretion audit: oversight, code of conduct, manuals, confidential non-compliance reports and
public corruption complaints handled as cases, compliance audits and integrity measures."""
