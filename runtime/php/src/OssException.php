<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/** Every error the client throws; its message never contains a credential. */
class OssException extends \RuntimeException
{
}
