"""Login with an organisation's identity through OpenID Connect (django-allauth).

`config` reads the providers from the environment; `provider` is allauth's OpenID Connect
provider with a nonce and the e-mail claim each provider uses; `client` adds private_key_jwt;
`adapter` decides who may log in (an existing or invited account, by verified e-mail) and
answers every refusal in Norwegian (`refusals`); `urls` and `views` mount the two addresses the
flow needs and nothing else of allauth.
"""
